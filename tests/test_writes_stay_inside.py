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
        "outline.schema.json",  # the folder's schemas for the editor
        "records.schema.json",
        "submission.schema.json",
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
    names = sorted(p.name for p in out.iterdir() if not p.name.endswith(".schema.json"))  # the editor's
    assert all(SLUG.fullmatch(n) for n in names), names
    loaded = load_submission(out)  # submission.yaml is still the submission, and the folder loads
    assert loaded.submission.session == 29
    records = [e.records for e in loaded.submission.entities]
    assert len(records) == len(expected) + 1 and records[0] == "itc.yaml", records
    assert all(re.fullmatch(pattern, name) for pattern, name in zip(expected, records[1:], strict=True))
    assert set(records) <= set(names)
    assert len(set(names)) == len(names)


# ----------------------------------------------------------------------------- 3. check -o, build -o


def test_a_report_never_replaces_another_file_of_the_records_folder_it_checks(inputs, tmp_path):
    before = snapshot(inputs)
    for extra in ([], ["--force"]):  # the check of one records file reads the whole folder
        run = c7draft(
            "check", inputs / "unctad.yaml", "-o", inputs / "itc.yaml", *extra, cache=tmp_path / "c"
        )
        assert run.returncode == 2, run.stderr
        assert f"the report would be written into {inputs}, a folder that this check reads" in run.stderr
    assert snapshot(inputs) == before


@pytest.mark.parametrize("option", ["--also", "--against"])
def test_a_report_never_lands_in_a_folder_of_priors(inputs, tmp_path, option):
    priors = tmp_path / "priors"
    priors.mkdir()
    shutil.copy(SEED_2026.with_name("cstd27-2024-c7-submission.txt"), priors)
    for extra in ([], ["--force"]):
        run = c7draft(
            "check", inputs, option, priors, "-o", priors / "new-report.txt", *extra, cache=tmp_path
        )
        assert run.returncode == 2, run.stderr
        assert f"the report would be written into {priors}, a folder that this check reads" in run.stderr
    assert [p.name for p in priors.iterdir()] == ["cstd27-2024-c7-submission.txt"]


def test_a_report_never_lands_in_a_priors_folder_of_submission_yaml(inputs, tmp_path):
    priors = tmp_path / "priors"
    priors.mkdir()
    shutil.copy(SEED_2026.with_name("cstd27-2024-c7-submission.txt"), priors)
    with (inputs / "submission.yaml").open("a", encoding="utf-8") as fh:
        fh.write("priors:\n  - ../priors\n")
    run = c7draft("check", inputs, "-o", priors / "report.md", cache=tmp_path / "c")
    assert run.returncode == 2 and "a folder that this check reads" in run.stderr
    assert not (priors / "report.md").exists()


def test_a_report_never_lands_among_the_shipped_seeds(inputs, tmp_path):
    from c7draft.resources import seeds_dir

    target = seeds_dir() / "c7-check-report.txt"
    try:
        run = c7draft("check", inputs, "-o", target, cache=tmp_path / "c")
        assert not target.exists()
    finally:
        target.unlink(missing_ok=True)
    assert run.returncode == 2 and "a folder that this check reads" in run.stderr


def test_build_into_a_folder_of_priors_warns(inputs, tmp_path):
    priors = tmp_path / "priors"
    priors.mkdir()
    out = priors / "extra.docx"
    run = c7draft("build", inputs, "--also", priors, "-o", out, cache=tmp_path / "c")
    assert run.returncode == 0, run.stderr
    assert (
        f"warning: {out} was written into {priors}, a folder that check reads prior submissions from: "
        "the next check will compare drafts with it as a prior" in run.stderr
    )
    elsewhere = c7draft("build", inputs, "--also", priors, "-o", tmp_path / "x.docx", cache=tmp_path / "c")
    assert "check reads prior submissions from" not in elsewhere.stderr


def test_build_into_the_shipped_seeds_warns(inputs, tmp_path):
    from c7draft.resources import seeds_dir

    out = seeds_dir() / "c7draft-test-extra.docx"
    try:
        run = c7draft("build", inputs, "--no-check", "-o", out)
    finally:
        out.unlink(missing_ok=True)
    assert run.returncode == 0, run.stderr
    assert f"warning: {out} was written into {seeds_dir()}, a folder that check reads" in run.stderr
