"""`c7draft import`: a prior submission becomes an inputs folder that builds the same
document again. Compared as a reader sees both: the text with each footnote marker in
place, the footnotes (and their live links), the italic titles and the bullets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from c7draft.build import build_submission
from c7draft.documents.converted_text import read_converted_text
from c7draft.docx_io import read_docx
from c7draft.inputs import load_submission
from c7draft.inputs.schema import schema_text
from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
SEED_2026 = ROOT / "seeds" / "cstd29-2026-c7-submission.txt"
URL = re.compile(r"https?://[^\s>)]+")


def flat(text: str) -> str:
    return " ".join(text.split())


def seen(doc) -> dict:
    """What a reader compares: text with markers in place, notes, italics, bullets."""
    notes = {n: flat(v if isinstance(v, str) else v.text) for n, v in doc.footnotes.items()}
    return {
        "text": flat(" ".join(p.marked_text for p in doc.paragraphs)),
        "notes": notes,
        "italics": [flat(s) for p in doc.paragraphs for s in p.italic_spans],
    }


def import_and_build(source: Path, tmp: Path):
    run = c7draft("import", source, "-o", tmp / "imported")
    assert run.returncode == 0, run.stderr
    out = tmp / "rebuilt.docx"
    build = c7draft("build", tmp / "imported", "-o", out, "--no-check")
    assert build.returncode == 0, build.stderr
    return run, build, read_docx(out)


def test_the_2026_text_file_round_trips(tmp_path):
    run, build, rebuilt = import_and_build(SEED_2026, tmp_path)
    seed = read_converted_text(SEED_2026)
    assert seen(rebuilt) == seen(seed)
    assert [flat(p.text) for p in rebuilt.paragraphs if p.is_list] == [
        flat(p.text) for p in seed.paragraphs if p.is_bullet and not re.match(r"^[ab]\) ", p.text)
    ]
    for number, text in seed.footnotes.items():
        assert rebuilt.footnotes[number].urls == URL.findall(text)
    assert run.stdout == (
        f"Wrote {tmp_path / 'imported'} for the 29th session, outline cstd29: records in "
        "itc.yaml (3), unctad.yaml (8), upu.yaml (7), unassigned.yaml (5)\n"
    )
    assert "warning: unassigned.yaml holds 5 records no agency claims yet" in build.stderr


@pytest.fixture(scope="module")
def built_2023(tmp_path_factory):
    out = tmp_path_factory.mktemp("b") / "c7-input-cstd27.docx"
    build_submission(ROOT / "sample_inputs" / "2023", out, check=False)
    return out


def test_a_docx_built_by_c7draft_round_trips(built_2023, tmp_path):
    _, _, rebuilt = import_and_build(built_2023, tmp_path)
    original = read_docx(built_2023)
    assert seen(rebuilt) == seen(original)
    assert [n.urls for n in rebuilt.footnotes.values()] == [n.urls for n in original.footnotes.values()]
    assert [(p.text, p.style, p.is_list) for p in rebuilt.paragraphs] == [
        (p.text, p.style, p.is_list) for p in original.paragraphs
    ]
    assert [p.hyperlinks for p in rebuilt.paragraphs] == [p.hyperlinks for p in original.paragraphs]


def test_import_reads_the_front_matter_and_places_records(built_2023, tmp_path):
    import_and_build(built_2023, tmp_path)
    loaded = load_submission(tmp_path / "imported")
    sub = loaded.submission
    assert (sub.session, sub.opens.isoformat(), sub.closes.isoformat(), sub.venue, sub.outline, sub.lead) == (
        27,
        "2024-04-15",
        "2024-04-19",
        "Geneva",
        "cstd27",
        "UNCTAD",
    )
    assert [(e.short, e.name, e.role) for e in sub.entities] == [
        ("ITC", "International Trade Centre", "co-facilitator"),
        ("UNCTAD", "United Nations Conference on Trade and Development", "co-facilitator"),
        ("UPU", "Universal Postal Union", "co-facilitator"),
    ]
    # each agency's file holds bullets that name it; order: is the document's order
    for r in loaded.records:
        if r.entity.short != "unassigned":
            assert r.entity.short in r.record.text or r.entity.name in r.record.text, r.record.id
    assert sum(len(ids) for ids in sub.order.values()) == len(loaded.records) == 32
    # the 13 notes of 2023 are all short: each stays inline in its bullet (long ones: see below)
    assert [r.record.id for r in loaded.records if r.record.footnotes] == []
    assert (
        sum(r.record.text.count("^[") for r in loaded.records) == len(read_docx(built_2023).footnotes) == 13
    )
    unassigned = (tmp_path / "imported" / "unassigned.yaml").read_text()
    assert "Move each one into its agency's records file" in unassigned
    for f in (tmp_path / "imported").glob("*.yaml"):  # the folder's own schemas, which move with it
        kind = "submission" if f.name == "submission.yaml" else "records"
        assert f.read_text().startswith(f"# yaml-language-server: $schema={kind}.schema.json\n"), f.name
    assert not (tmp_path / "imported" / "outline.schema.json").exists()  # a shipped outline: no copy


def test_a_questionnaire_no_outline_matches_becomes_a_local_outline(tmp_path):
    changed = tmp_path / "draft.md"
    changed.write_text(
        SEED_2026.read_text(encoding="utf-8").replace(
            "a) Innovative policies, programmes", "a) New policies, programmes"
        ),
        encoding="utf-8",
    )
    run, _, rebuilt = import_and_build(changed, tmp_path)
    assert "note: the questionnaire matches no shipped outline: written as outline.yaml" in run.stderr
    loaded = load_submission(tmp_path / "imported")
    assert loaded.submission.outline == "outline.yaml" and loaded.outline.session == 29
    assert loaded.outline.parts[1].sections[0].prompt.startswith("a) New policies, programmes")
    outline = (tmp_path / "imported" / "outline.yaml").read_text()
    assert outline.startswith("# yaml-language-server: $schema=outline.schema.json\n")
    assert "matches no outline shipped" in outline
    assert (tmp_path / "imported" / "outline.schema.json").read_text(encoding="utf-8") == schema_text(
        "outline"
    )
    assert seen(rebuilt) == seen(read_converted_text(changed))


def test_a_pdf_imports_with_every_footnote(tmp_path):
    pdf = ROOT / "tests" / "data" / "pdf" / "cstd29-2026-rebuilt-libreoffice.pdf"
    _, _, rebuilt = import_and_build(pdf, tmp_path)
    assert seen(rebuilt)["notes"] == seen(read_converted_text(SEED_2026))["notes"]
    assert len([p for p in rebuilt.paragraphs if p.is_list]) == 23


@pytest.mark.parametrize(
    "pdf, sample",
    [("cstd27-2024-rebuilt-libreoffice.pdf", "2023"), ("cstd29-2026-rebuilt-libreoffice.pdf", "2025")],
)
def test_a_pdf_imports_as_the_document_it_was_printed_from(pdf, sample, tmp_path):
    """Paragraphs told apart by the space between them (the front matter's lines, the two
    paragraphs of the 2026 summary), footnote markers after a full line or a year ("Report
    2021" + note 4) but not a decimal ("0.9 billion"), a prompt wrapped onto a line that
    starts with a capital ("Any new commitments?"): every paragraph, with its markers, its
    style and its bullet, and every note is the built document's. Only the italics are lost:
    pypdf's text does not carry them."""
    _, _, rebuilt = import_and_build(ROOT / "tests" / "data" / "pdf" / pdf, tmp_path)
    original = read_docx(
        build_submission(ROOT / "sample_inputs" / sample, tmp_path / "built.docx", check=False).output
    )
    assert [(flat(p.marked_text), p.style, p.is_list) for p in rebuilt.paragraphs] == [
        (flat(p.marked_text), p.style, p.is_list) for p in original.paragraphs
    ]
    assert seen(rebuilt)["notes"] == seen(original)["notes"]
    assert seen(rebuilt)["italics"] == seen(original)["italics"]


def test_import_never_writes_into_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "imported"
    folder.mkdir()
    (folder / "keep.yaml").write_text("mine")
    run = c7draft("import", SEED_2026, "-o", folder)
    assert run.returncode == 2 and "this folder is not empty; nothing was written" in run.stderr
    assert [p.name for p in folder.iterdir()] == ["keep.yaml"]


def test_a_file_that_is_not_a_submission_is_a_clear_error(tmp_path):
    other = tmp_path / "letter.txt"
    other.write_text("Dear colleagues,\n\nplease find attached.\n")
    run = c7draft("import", other, "-o", tmp_path / "x")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert 'no "Part 1", "Part 2" ... headings found' in run.stderr
    assert not (tmp_path / "x").exists()


def test_links_italics_and_marked_up_notes_stay_in_place(tmp_path):
    """Body links (with italic words inside), autolinks, escaped characters and a long note
    with a link and a title come back where they were."""
    import shutil

    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "tests" / "data" / "minimal", inputs)
    with open(inputs / "itc.yaml", "a", encoding="utf-8") as fh:
        fh.write("""  - id: itc-links
    section: 3b
    text: >-
      ITC's [*SME Trade Academy*](https://learning.intracen.org/) and <https://intracen.org/>
      (see 1. and *2*) cost 5 * 3 [not a link] & more_text.[^long]
    footnotes:
      long: >-
        A long note that names the *Global Digital Trade Development Report 2025* and links
        to [the report's page](https://intracen.org/resources/publications/gdtdr-2025), with more
        words so that it is long enough to go under `footnotes:` when imported again.
""")
    first = tmp_path / "first.docx"
    build_submission(inputs, first, check=False)
    run, _, rebuilt = import_and_build(first, tmp_path)
    original = read_docx(first)
    assert seen(rebuilt) == seen(original)
    links = [p.hyperlinks for p in rebuilt.paragraphs if p.hyperlinks]
    assert links == [p.hyperlinks for p in original.paragraphs if p.hyperlinks]
    assert ("SME Trade Academy", "https://learning.intracen.org/") in links[-1]
    assert ("https://intracen.org/", "https://intracen.org/") in links[-1]
    notes = list(rebuilt.footnotes.values())
    assert notes[-1].urls == ["https://intracen.org/resources/publications/gdtdr-2025"]
    assert notes[-1].italic_spans == ["Global Digital Trade Development Report 2025"]
    itc = (tmp_path / "imported" / "itc.yaml").read_text(encoding="utf-8")
    assert "[^note-1]" in itc and "note-1: >-" in itc


def test_a_hand_made_word_file_with_a_partner_and_a_new_questionnaire(tmp_path):
    """Not written by c7draft: masthead lines as separate paragraphs, "Submission by" and
    the names split by a line break, a partner missing from "Co-facilitators:"."""
    from docx import Document

    doc = Document()
    for text in [
        "Twenty-eighth session",
        "Geneva, 7-11 April 2025",
        "Submission by\nInternational Trade Centre, UN Trade & Development, World Trade Organization "
        "and Universal Postal Union",
        "DISCLAIMER: The views presented here are the contributors' and do not necessarily reflect the "
        "views and position of the United Nations or the UN Trade and Development.",
        "WSIS Action Line",
        "C7 e-business",
        "Co-facilitators: ITC, UNCTAD, UPU",
        "Input for the CSTD report on WSIS follow-up",
        "For the CSTD twenty-eighth session in April 2025",
        "Part 1: Executive Summary",
        "A year of work.",
    ]:
        doc.add_paragraph(text)
    doc.add_paragraph("Part 2: Overview", style="Heading 1")
    doc.add_paragraph("UNCTAD did things.", style="List Bullet")
    doc.add_paragraph("The WTO did other things.", style="List Bullet")
    doc.add_paragraph("Part 3: Next", style="Heading 1")
    doc.add_paragraph("a) What next?", style="Heading 2")
    doc.add_paragraph("ITC will do more.", style="List Bullet")
    source = tmp_path / "c7-2025.docx"
    doc.save(source)
    run, _, rebuilt = import_and_build(source, tmp_path)
    assert run.stdout.endswith(
        "outline outline.yaml: records in itc.yaml (1), unctad.yaml (1), wto.yaml (1), upu.yaml (0)\n"
    )
    loaded = load_submission(tmp_path / "imported")
    sub = loaded.submission
    assert (sub.session, sub.opens.isoformat(), sub.lead) == (28, "2025-04-07", "UNCTAD")
    assert [(e.short, e.role) for e in sub.entities] == [
        ("ITC", "co-facilitator"),
        ("UNCTAD", "co-facilitator"),
        ("WTO", "contributor"),
        ("UPU", "co-facilitator"),
    ]
    assert [(s.id, s.prompt) for p in loaded.outline.parts for s in p.sections] == [
        ("2", None),
        ("3a", "a) What next?"),
    ]
    lines = [line for p in rebuilt.paragraphs for line in p.text.split("\n")]
    assert "Co-facilitators: ITC, UNCTAD, UPU" in lines
    assert [p.text for p in rebuilt.paragraphs if p.is_list] == [
        "UNCTAD did things.",
        "The WTO did other things.",
        "ITC will do more.",
    ]
