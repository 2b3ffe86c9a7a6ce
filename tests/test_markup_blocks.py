"""No text dropped without a word (issue 16, case 4): every block markdown-it reads in a
record's text other than one paragraph (an indented code block, a fenced one, a heading, a
thematic break, a list, a quote) is refused at its line, naming what was found; what
markdown-it leaves as text (raw HTML, a table's `|`) reaches the .docx as typed."""

from __future__ import annotations

import pytest

from c7draft.docx_io import read_docx
from helpers import c7draft

RECORD = """\
  - id: itc-women
    section: 3a
    text: |-
{text}
"""


def with_text(inputs, text: str):
    body = "\n".join(f"      {line}" if line else "" for line in text.split("\n"))
    with (inputs / "itc.yaml").open("a", encoding="utf-8") as fh:
        fh.write(RECORD.format(text=body))
    return inputs


@pytest.mark.parametrize(
    "text, found, line",
    [
        (  # the reproducer: the second sentence was in neither the .docx nor preview
            "ITC trained 500 exporters in 2025.\n\n    Of these, 40 per cent were women-led firms in LDCs.",
            "an indented code block, which cannot stand in the document: “Of these, 40 per cent",
            17,
        ),
        ("ITC trained 500 exporters.\n\n\tOf these, 40 per cent.", "an indented code block", 17),
        ("ITC trained 500 exporters.\n\n```\nOf these, 40 per cent.\n```", "a fenced code block", 17),
        ("ITC trained 500 exporters.\n# Of these, 40 per cent.", "a heading", 16),
        ("ITC trained 500 exporters.\n---", "a heading, which a record's text cannot be: “ITC trained", 15),
        ("ITC trained 500 exporters.\n\n***", "a thematic break (a line of ---, *** or ___)", 17),
        ("ITC trained 500 exporters.\n\n___", "a thematic break", 17),
        ("ITC trained 500 exporters.\n- Of these, 40 per cent.", "a list, which cannot stand", 16),
        ("ITC trained 500 exporters.\n> Of these, 40 per cent.", "a quote, which cannot stand", 16),
    ],
)
def test_a_block_other_than_one_paragraph_is_refused_saying_what_was_found(
    inputs, tmp_path, text, found, line
):
    with_text(inputs, text)
    for command in (["validate"], ["build", "--no-check", "-o", tmp_path / "x.docx"], ["preview"]):
        run = c7draft(*command[:1], inputs, *command[1:])
        assert run.returncode == 2, (command, run.stdout, run.stderr)
        said = run.stdout + run.stderr  # validate lists problems on stdout, build and preview on stderr
        assert "Traceback" not in said
        assert f"itc.yaml:{line}:" in said and f"this text holds {found}" in said, said
    assert not (tmp_path / "x.docx").exists()


def test_a_second_unindented_paragraph_is_still_refused(inputs):
    with_text(inputs, "ITC trained 500 exporters.\n\nOf these, 40 per cent.")
    run = c7draft("validate", inputs)
    assert run.returncode == 2
    assert "a record's text must be one paragraph, found 2 blocks" in run.stdout


@pytest.mark.parametrize(
    "text, shown",
    [
        (
            "ITC trained <b>500</b> exporters.\n<div>Of these, 40 per cent.</div>",
            "<div>Of these, 40 per cent.</div>",
        ),
        ("ITC trained 500 exporters.\n| women | 40 |\n|---|---|", "| women | 40 | |---|---|"),
    ],
)
def test_html_and_table_text_is_kept_as_typed(inputs, tmp_path, text, shown):
    with_text(inputs, text)
    run = c7draft("build", inputs, "--no-check", "-o", tmp_path / "x.docx")
    assert run.returncode == 0, run.stderr
    bullets = [p.text for p in read_docx(tmp_path / "x.docx").paragraphs if p.text.startswith("ITC trained")]
    assert len(bullets) == 1 and bullets[0].endswith(shown), bullets
