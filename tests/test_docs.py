"""docs/cli.md is generated from the CLI's own help; it fails here when they drift apart.
Regenerate with `make docs`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_up_to_date(tmp_path):
    out = tmp_path / "cli.md"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "typer",
            "c7draft.cli",
            "utils",
            "docs",
            "--name",
            "c7draft",
            "--title",
            "c7draft command reference",
            "--output",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_text(encoding="utf-8") == (ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), (
        "docs/cli.md is stale: run `make docs`"
    )


def test_readme_shows_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make draft" in readme and "make test" in readme and "py -m pip install ." in readme


def test_the_readme_yaml_example_builds_as_shown(tmp_path):
    """Every ```yaml block of README.md that starts with `# name.yaml` is that file."""
    import re

    from c7draft.build import build_submission
    from c7draft.docx_io import read_docx

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n# ([\w-]+\.yaml)\b[^\n]*\n(.*?)```", readme, re.S)
    assert [name for name, _ in blocks] == ["submission.yaml", "unctad.yaml", "itc.yaml", "upu.yaml"]
    for name, text in blocks:
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = build_submission(tmp_path, tmp_path / "example.docx", check=False)
    bullets = [p.text for p in read_docx(result.output).paragraphs if p.is_list]
    assert [b.split()[:2] for b in bullets] == [["UNCTAD's", "first"], ["Building", "on"], ["The", "ITC"]]
    assert result.footnotes == 1
    assert result.warnings == [
        'Part 3 a): section 3a has no records yet; the .docx says "[to be written]" there',
        'Part 3 b): section 3b has no records yet; the .docx says "[to be written]" there',
        f"{tmp_path / 'upu.yaml'}: UPU has no records yet",
    ]


def test_outlines_prints_whole_prompts_and_how_to_use_a_local_outline():
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "c7draft", "outlines"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = " ".join(run.stdout.split())
    assert (
        "a) What policies, programmes and projects have been undertaken by stakeholders to implement the "
        "outcomes? Where specific targets or strategies have been set, please report progress in achieving "
        "those targets. Any new commitments made to implement the outcomes?"
    ) in text
    assert "use a local outline" in text and "`outline: outline-cstd30.yaml`" in text


def test_every_rule_id_the_code_gives_is_named_in_the_docs():
    """A program reading `validate --format json` looks a rule up in docs/input-format.md
    (errors) or docs/validate.md (warnings): each id written in the code is there."""
    import re

    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "c7draft").rglob("*.py"))
    ids = set(re.findall(r'rule="([a-z]+(?:-[a-z]+)+)"', code))
    ids |= set(re.findall(r'"((?:yaml|schema)-[a-z]+(?:-[a-z]+)*)"', code))
    docs = "".join(
        (ROOT / "docs" / name).read_text(encoding="utf-8") for name in ("input-format.md", "validate.md")
    )
    assert len(ids) > 40
    assert sorted(i for i in ids if f"`{i}`" not in docs) == []
