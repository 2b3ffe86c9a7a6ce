"""Nothing is written where it was not asked for (issue 16, cases 1-3): `init` writes only
inside NEW, `import` only inside -o, and a `check` report never replaces what the check
read nor lands among the priors. Each test snapshots the files around the command and
compares them byte for byte afterwards."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from c7draft.inputs import load_submission
from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"
SEED_2026 = ROOT / "seeds" / "cstd29-2026-c7-submission.txt"
AGENCIES = "International Trade Centre, UN Trade & Development and Universal Postal Union"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.yaml")


def snapshot(folder: Path, leave_out: Path | None = None) -> dict[str, bytes]:
    """Every file under ``folder`` (but ``leave_out``), by path, with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not (leave_out and p.is_relative_to(leave_out))
    }


# ----------------------------------------------------------------------------- 1. init


@pytest.mark.parametrize("how", ["relative", "absolute", "subfolder"])
def test_init_writes_only_inside_the_new_folder_whatever_last_years_records_paths(tmp_path, how):
    last = tmp_path / "yr" / "2025"
    shutil.copytree(SAMPLE, last)
    text = (last / "submission.yaml").read_text(encoding="utf-8")
    if how == "relative":
        text = text.replace("records: itc.yaml", "records: ../2025/itc.yaml")
    elif how == "absolute":
        text = text.replace("records: itc.yaml", f"records: {last / 'itc.yaml'}")
    else:
        (last / "agencies").mkdir()
        (last / "itc.yaml").rename(last / "agencies" / "itc.yaml")
        text = text.replace("records: itc.yaml", "records: agencies/itc.yaml")
    (last / "submission.yaml").write_text(text, encoding="utf-8")
    assert c7draft("validate", last).returncode == 0  # last year's folder is valid as it is
    before = snapshot(tmp_path)

    new = tmp_path / "yr" / "2026"
    run = c7draft("init", new, "--from", last)

    assert run.returncode == 0, run.stderr
    assert snapshot(tmp_path, leave_out=new) == before  # last year's itc.yaml is untouched
    assert sorted(p.name for p in new.iterdir()) == [
        "itc.yaml",
        "outline-cstd30.yaml",
        "submission.yaml",
        "unctad.yaml",
        "upu.yaml",
    ]
    entities = load_submission(new).submission.entities
    assert [e.records for e in entities] == ["itc.yaml", "unctad.yaml", "upu.yaml"]
    assert "itc.yaml, outline-cstd30.yaml" in run.stdout


# ----------------------------------------------------------------------------- 2. import


@pytest.mark.parametrize(
    "agency, expected",
    [
        ("{tmp}/x/pwned", [r"tmp-[a-z0-9-]+\.yaml"]),  # cut to 40 characters
        ("../../escaped", ["escaped.yaml"]),
        ("submission", ["submission-2.yaml"]),
        ("unassigned", ["unassigned-2.yaml"]),
        ("outline", ["outline-2.yaml"]),
        ("nul", ["nul-records.yaml"]),
        ("x y, x_y", ["x-y.yaml", "x-y-2.yaml"]),
        ("...", ["entity.yaml"]),
    ],
)
def test_import_names_records_files_as_safe_unique_slugs_inside_o(tmp_path, agency, expected):
    agency = agency.format(tmp=tmp_path)
    (tmp_path / "x").mkdir()
    source = tmp_path / "deep" / "er" / "submission.txt"
    source.parent.mkdir(parents=True)
    seed = SEED_2026.read_text(encoding="utf-8")
    source.write_text(seed.replace(AGENCIES, f"International Trade Centre, {agency}"), encoding="utf-8")
    before = snapshot(tmp_path)
    out = tmp_path / "deep" / "er" / "imported"

    run = c7draft("import", source, "-o", out)

    assert run.returncode == 0, run.stderr
    assert snapshot(tmp_path, leave_out=out) == before  # nothing outside -o
    names = sorted(p.name for p in out.iterdir())
    assert all(SLUG.fullmatch(n) for n in names), names
    loaded = load_submission(out)  # submission.yaml is still the submission, and the folder loads
    assert loaded.submission.session == 29
    records = [e.records for e in loaded.submission.entities]
    assert len(records) == len(expected) + 1 and records[0] == "itc.yaml", records
    assert all(re.fullmatch(pattern, name) for pattern, name in zip(expected, records[1:], strict=True))
    assert set(records) <= set(names)
    assert len(set(names)) == len(names)
