"""The built .docx as Word sees it: Word 2013+ settings, British English, c7draft's own
metadata, the UN type scale, and byte-identical rebuilds under SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"
MINIMAL = ROOT / "tests" / "data" / "minimal"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def part(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("word") / "c7.docx"
    run = c7draft("build", SAMPLE, "-o", out, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert run.returncode == 0, run.stderr
    return out


def test_word_opens_it_without_compatibility_mode(built):
    settings = part(built, "word/settings.xml")
    modes = [
        s.get(W + "val")
        for s in settings.iter(W + "compatSetting")
        if s.get(W + "name") == "compatibilityMode"
    ]
    assert modes == ["15"]
    assert settings.find(W + "proofState") is None  # no stale "spelling checked: clean"


def test_british_english_is_the_default_language(built):
    styles = part(built, "word/styles.xml")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(W + "val") == "en-GB"
    assert part(built, "word/settings.xml").find(W + "themeFontLang").get(W + "val") == "en-GB"


def _language_of(path: Path) -> str:
    return part(path, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(W + "val")


def test_language_from_submission_yaml_and_from_lang(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(MINIMAL, inputs)
    sub = inputs / "submission.yaml"
    sub.write_text(sub.read_text(encoding="utf-8") + "language: fr-FR\n", encoding="utf-8")
    run = c7draft("build", inputs, "--no-check", "-o", tmp_path / "fr.docx")
    assert run.returncode == 0, run.stderr
    assert _language_of(tmp_path / "fr.docx") == "fr-FR"
    run = c7draft("build", inputs, "--no-check", "--lang", "es-ES", "-o", tmp_path / "es.docx")
    assert run.returncode == 0, run.stderr
    assert _language_of(tmp_path / "es.docx") == "es-ES"


def test_an_unknown_language_is_refused_with_the_line(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(MINIMAL, inputs)
    sub = inputs / "submission.yaml"
    lines = sub.read_text(encoding="utf-8").count("\n")
    sub.write_text(sub.read_text(encoding="utf-8") + "language: french\n", encoding="utf-8")
    run = c7draft("build", inputs, "--no-check", "-o", tmp_path / "x.docx")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"submission.yaml:{lines + 1}:" in run.stderr and "'fr-FR'" in run.stderr
    run = c7draft("build", inputs, "--no-check", "--lang", "fr", "-o", tmp_path / "x.docx")
    assert run.returncode == 2
    assert "Invalid value for --lang: use one of en-GB, fr-FR, es-ES" in run.stderr


def test_app_properties_name_c7draft_and_carry_no_stale_counts(built):
    app = part(built, "docProps/app.xml")
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.find(ns + "Application").text == "c7draft"
    assert [
        el
        for el in app
        if el.tag.split("}")[1]
        in ("Pages", "Words", "Characters", "Lines", "Paragraphs", "Template", "TotalTime")
    ] == []


def test_core_properties_title_subject_authors_and_fixed_times(built):
    core = docx.Document(str(built)).core_properties
    assert core.title == ("WSIS Action Line C7 (e-business): input to the CSTD twenty-ninth session (2026)")
    assert core.subject == "Input for the CSTD report on WSIS follow-up during 2025"
    assert core.author == "International Trade Centre; UN Trade & Development; Universal Postal Union"
    when = dt.datetime(2026, 1, 1)
    assert core.created.replace(tzinfo=None) == when and core.modified.replace(tzinfo=None) == when
    with zipfile.ZipFile(built) as z:
        assert {info.date_time for info in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_two_builds_with_source_date_epoch_are_byte_identical(built, tmp_path):
    again = tmp_path / "again.docx"
    run = c7draft("build", SAMPLE, "-o", again, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert run.returncode == 0, run.stderr
    assert again.read_bytes() == built.read_bytes()
    comments = part(built, "word/comments.xml")  # the recycled-text comments are dated too
    dates = {c.get(W + "date") for c in comments.iter(W + "comment")}
    assert dates == {"2026-01-01T00:00:00Z"}


def test_a_bad_source_date_epoch_is_a_clear_error(tmp_path):
    run = c7draft(
        "build", MINIMAL, "--no-check", "-o", tmp_path / "x.docx", env={"SOURCE_DATE_EPOCH": "yesterday"}
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not 'yesterday'" in run.stderr


def test_the_un_type_scale(built):
    styles = docx.Document(str(built)).styles
    normal = styles["Normal"]
    assert normal.font.size.pt == 11 and normal.paragraph_format.space_after.pt == 6
    assert normal.paragraph_format.widow_control is True
    part_heading, prompt = styles["Heading 1"], styles["Heading 2"]
    assert part_heading.font.size.pt <= 13 and part_heading.font.bold is True
    assert prompt.font.size.pt == 11 and prompt.font.bold is False and prompt.font.italic is True
    for style in (part_heading, prompt, styles["Masthead"]):
        assert style.paragraph_format.keep_with_next is True, style.name
    assert styles["footnote text"].font.size.pt == 9
    assert styles["List Bullet"].paragraph_format.space_after.pt == 6


def test_space_above_the_action_line_block(built):
    document = docx.Document(str(built))
    paragraphs = document.paragraphs
    block = next(i for i, p in enumerate(paragraphs) if p.text.startswith("WSIS Action Line"))
    assert paragraphs[block - 1].text.startswith("DISCLAIMER")
    before = paragraphs[block].style.paragraph_format.space_before.pt
    after_disclaimer = paragraphs[block - 1].style.paragraph_format.space_after.pt
    assert before + after_disclaimer >= 18


def test_the_shipped_reference_docx_is_the_script_output(tmp_path):
    out = tmp_path / "reference.docx"
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_reference_docx.py"), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert run.returncode == 0, run.stderr
    shipped = ROOT / "templates" / "reference.docx"
    assert out.read_bytes() == shipped.read_bytes(), (
        "run `make reference` and commit templates/reference.docx"
    )
    with zipfile.ZipFile(shipped) as z:
        assert z.getinfo("word/styles.xml").file_size < 60_000  # no 100 unused table styles
