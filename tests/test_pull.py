"""`c7draft pull`: a reviewed .docx back into the records it was built from.

A build of sample_inputs/2025 is edited as reviewers edit it (tests/reviewing.py writes
the XML Word writes): a typed edit, a tracked change, a new bullet, a deleted bullet, a
footnote edit, a summary edit, a comment with a reply. Pull reads it like a person would
check it: the YAML files before and after, the report, and a rebuild read back."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from c7draft.build import build_submission
from c7draft.docx_io import read_docx, read_reviewed
from c7draft.inputs import load_submission
from c7draft.review.pull import pull
from c7draft.validate import validate
from helpers import c7draft, libreoffice_convert
from reviewing import Reviewer

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"
FILES = ["submission.yaml", "itc.yaml", "unctad.yaml", "upu.yaml"]
NEW_BULLET = "The UPU opened a parcel tracking service for small firms in 2025."


def _records(folder: Path) -> dict[str, dict]:
    loaded = load_submission(folder)
    return {
        r.record.id: {"text": r.record.text, "notes": dict(r.record.footnotes), "file": r.file.name}
        for r in loaded.records
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """sample_inputs/2025 built once (no recycled-text check: faster, and no comments)."""
    out = tmp_path_factory.mktemp("built") / "draft.docx"
    build_submission(SAMPLE, out, check=False)
    return out


def review(built: Path, out: Path) -> Path:
    r = Reviewer(built)
    r.type_over("Despite global growth", "global growth", "worldwide growth")
    r.track_replace("For the first time, developing", "trillion-dollar", "trillion dollar", "Ana Reviewer")
    r.add_bullet_after("Despite worldwide growth", NEW_BULLET)
    r.delete("In the Pacific, the Digital")
    r.footnote("In Fiji, Ghana, Jordan", "In Fiji, Ghana, Jordan, Lesotho")
    r.type_over(
        "Developing countries need increased", "increased international support", "more international support"
    )
    # On a paragraph without a footnote: LibreOffice 7.4 loses every footnote's text when two
    # comments span a footnote reference (measured; see docs/review.md).
    r.comment(
        "Digital Transformation Assessments were",
        "Which year?",
        "Ben Director",
        reply=("Ana Reviewer", "2025."),
    )
    return r.save(out)


@pytest.fixture
def reviewed(built, tmp_path) -> tuple[Path, Path]:
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    return review(built, tmp_path / "reviewed.docx"), folder


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _check_pulled(docx: Path, folder: Path) -> None:
    before_files = {name: (SAMPLE / name).read_text(encoding="utf-8") for name in FILES}
    result = pull(docx, folder, write=True)
    assert result.exit_code == 0 and not result.conflicts, result.conflicts
    # The reply under its comment: tied by commentsExtended.xml (Word), or on the very same
    # words (LibreOffice 7.4 saves no commentsExtended.xml).
    assert [
        (c.author, c.text, c.record_id, [(r.author, r.text) for r in c.replies]) for c in result.comments
    ] == [("Ben Director", "Which year?", "digital-transformation-assessments", [("Ana Reviewer", "2025.")])]
    records = _records(folder)
    assert "worldwide growth" in records["digital-investment-gaps"]["text"]
    assert "trillion dollar mark" in records["digitally-deliverable-services"]["text"]
    assert "pacific-der-cyberlaws" not in records
    assert records["etrade-reform-tracker"]["notes"]["tracker-countries"].startswith(
        "In Fiji, Ghana, Jordan, Lesotho"
    )
    new = [rid for rid, r in records.items() if r["text"] == NEW_BULLET]
    assert len(new) == 1 and records[new[0]]["file"] == "upu.yaml"  # the agency it names
    sub = load_submission(folder).submission
    assert sub.executive_summary[1].startswith("Developing countries need more international support")
    order = sub.order["2"]
    assert (
        order[order.index("digital-investment-gaps") + 1] == new[0] and "pacific-der-cyberlaws" not in order
    )
    # Untouched: itc.yaml byte for byte; every comment line of the changed files, but the
    # one above the deleted record, which went with it.
    assert (folder / "itc.yaml").read_bytes() == (SAMPLE / "itc.yaml").read_bytes()
    for name, text in before_files.items():
        after = (folder / name).read_text(encoding="utf-8")
        kept = [line for line in text.splitlines() if line.lstrip().startswith("#")]
        missing = [line for line in kept if line not in after.splitlines()]
        assert missing == [], name
    # The rebuild's text is the reviewed text, footnotes included.
    rebuilt = folder.parent / "rebuilt.docx"
    build_submission(folder, rebuilt, check=False)
    a, b = read_reviewed(docx), read_docx(rebuilt)
    assert [p.marked_text for p in a.paragraphs if p.text.strip()] == [
        p.marked_text for p in b.paragraphs if p.text.strip()
    ]
    assert [n.text for n in a.footnotes.values()] == [n.text for n in b.footnotes.values()]
    # Pulled again: nothing left to do.
    again = pull(docx, folder)
    assert again.changes == [] and again.conflicts == [] and again.files == {}


def test_without_write_nothing_changes_and_each_edit_is_reported(reviewed):
    docx, folder = reviewed
    before = _bytes(folder)
    run = c7draft("pull", docx, folder)
    assert run.returncode == 0, run.stderr
    assert _bytes(folder) == before
    out = run.stdout
    assert "digital-investment-gaps  edited" in out and "[-global-]{+worldwide+}" in out  # plain when piped
    assert "pacific-der-cyberlaws  removed" in out and "added (section 2)" in out
    assert "executive_summary[1]  edited" in out and "{+Lesotho, +}" in out
    assert "Ana Reviewer" in out and "trillion-dollar" in out  # the tracked change, with its author
    assert "Which year?" in out and "reply: Ana Reviewer" in out and "2025." in out
    assert "\x1b[" not in out and "run again with --write" in out


def test_with_write_each_edit_lands_in_its_record_and_the_rebuild_is_the_reviewed_text(reviewed):
    _check_pulled(*reviewed)


@pytest.mark.slow
def test_the_same_review_re_saved_by_libreoffice_pulls_the_same(reviewed, tmp_path):
    docx, folder = reviewed
    libreoffice_convert([docx], "docx", tmp_path / "lo", tmp_path / "lo")
    _check_pulled(tmp_path / "lo" / "reviewed.docx", folder)


def test_json_lists_changes_comments_tracked_changes_and_conflicts(reviewed):
    docx, folder = reviewed
    run = c7draft("pull", docx, folder, "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) >= {"changes", "comments", "tracked", "front_matter", "conflicts"}
    kinds = {c["record_id"]: c["kind"] for c in data["changes"]}
    assert kinds["digital-investment-gaps"] == "edited" and kinds["pacific-der-cyberlaws"] == "removed"
    change = next(c for c in data["changes"] if c["record_id"] == "digital-investment-gaps")
    assert change["file"].endswith("unctad.yaml") and change["line"] > 1 and "worldwide" in change["after"]
    assert {"file", "line", "record_id", "kind", "before", "after"} <= set(change)
    [comment] = data["comments"]
    assert (
        comment["author"] == "Ben Director" and comment["record_id"] == "digital-transformation-assessments"
    )
    assert (
        comment["file"].endswith("upu.yaml") and comment["line"] and comment["replies"][0]["text"] == "2025."
    )
    assert {t["author"] for t in data["tracked"]} == {"Ana Reviewer"}
    assert {t["record_id"] for t in data["tracked"]} == {"digitally-deliverable-services"}


def test_a_record_changed_in_the_yaml_and_in_word_is_a_conflict_and_the_rest_is_applied(reviewed):
    docx, folder = reviewed
    unctad = folder / "unctad.yaml"
    unctad.write_text(
        unctad.read_text(encoding="utf-8").replace("Despite global growth", "Despite strong growth"),
        encoding="utf-8",
    )
    before = unctad.read_text(encoding="utf-8")
    run = c7draft("pull", docx, folder, "--write")
    assert run.returncode == 1, run.stderr
    assert "digital-investment-gaps  conflict" in run.stdout
    records = _records(folder)
    assert "Despite strong growth" in records["digital-investment-gaps"]["text"]  # the YAML kept
    assert "trillion dollar" in records["digitally-deliverable-services"]["text"]  # the rest applied
    assert unctad.read_text(encoding="utf-8") != before


def test_tracked_reject_keeps_the_original_and_lists_the_change(reviewed):
    docx, folder = reviewed
    result = pull(docx, folder, write=True, accept=False)
    records = _records(folder)
    assert "trillion-dollar mark" in records["digitally-deliverable-services"]["text"]
    assert "worldwide growth" in records["digital-investment-gaps"]["text"]  # typed, not tracked
    assert [(t.author, t.kind, t.text) for t in result.tracked] == [
        ("Ana Reviewer", "delete", "trillion-dollar"),
        ("Ana Reviewer", "insert", "trillion dollar"),
    ]


def test_a_tracked_deletion_of_a_whole_bullet_removes_its_record(built, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    r = Reviewer(built)
    r.track_delete("In the Pacific, the Digital", "Ana Reviewer")
    docx = r.save(tmp_path / "reviewed.docx")
    assert [c.kind for c in pull(docx, folder, accept=False).changes] == []
    result = pull(docx, folder, write=True)
    assert [(c.kind, c.record_id) for c in result.changes] == [("removed", "pacific-der-cyberlaws")]


def test_a_moved_bullet_updates_order_and_stays_in_its_file(built, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    r = Reviewer(built)
    r.move_after("In the Pacific, the Digital", "UNCTAD eTrade Readiness")
    docx = r.save(tmp_path / "reviewed.docx")
    result = pull(docx, folder, write=True)
    # Two neighbours swapped: either one is the one that moved.
    [change] = result.changes
    assert change.kind == "moved" and change.record_id in ("pacific-der-cyberlaws", "etready-2025")
    order = load_submission(folder).submission.order["2"]
    assert order.index("pacific-der-cyberlaws") == order.index("etready-2025") + 1
    assert (folder / "unctad.yaml").read_bytes() == (SAMPLE / "unctad.yaml").read_bytes()


def test_an_unedited_build_pulls_to_nothing(built, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    before = _bytes(folder)
    run = c7draft("pull", built, folder, "--write")
    assert run.returncode == 0, run.stderr
    assert "no change to the records. Nothing to write." in run.stdout
    assert _bytes(folder) == before


def test_a_paragraph_that_lost_its_mark_is_matched_by_its_text(built, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    r = Reviewer(built)
    r.type_over("Despite global growth", "global growth", "worldwide growth")
    for name in ("w:bookmarkStart", "w:bookmarkEnd"):  # retyped: the mark is gone
        from docx.oxml.ns import qn

        for b in list(r.paragraph("Despite worldwide growth").iter(qn(name))):
            b.getparent().remove(b)
    docx = r.save(tmp_path / "reviewed.docx")
    result = pull(docx, folder, write=True)
    assert [(c.kind, c.record_id) for c in result.changes] == [("edited", "digital-investment-gaps")]


def test_a_paragraph_like_no_record_for_sure_is_unmatched_and_never_guessed(built, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    r = Reviewer(built)
    text = "Despite global growth in digital economy investment, gaps deter capital flows to poor countries."
    r.delete("Despite global growth")
    r.add_bullet_after("Since the COVID-19 pandemic", text)
    docx = r.save(tmp_path / "reviewed.docx")
    before = _bytes(folder)
    result = pull(docx, folder, write=True)
    assert [(c.kind, c.before, c.after) for c in result.conflicts] == [("unmatched", "", text)]
    assert "digital-investment-gaps" in result.conflicts[0].reason
    assert result.changes == [] and result.exit_code == 1
    assert _bytes(folder) == before  # the record is not removed on a guess


def test_front_matter_edits_are_reported_with_their_key_and_not_applied(built, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    r = Reviewer(built)
    r.type_over("Twenty-ninth session", "Twenty-ninth session", "29th session")
    docx = r.save(tmp_path / "reviewed.docx")
    result = pull(docx, folder, write=True)
    assert [(e.key, e.kind) for e in result.front_matter] == [("session, opens, closes, venue", "edited")]
    assert result.files == {} and result.changes == []


def test_a_docx_c7draft_did_not_build_exits_2_and_points_at_import(tmp_path):
    import docx

    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("Part 1: Executive Summary")
    document.save(str(plain))
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    run = c7draft("pull", plain, folder)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "not built by c7draft" in run.stderr and "c7draft import plain.docx" in run.stderr


def test_a_docx_built_from_another_folder_exits_2(built, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(ROOT / "sample_inputs" / "2023", folder)
    before = _bytes(folder)
    run = c7draft("pull", built, folder, "--write")
    assert run.returncode == 2 and "built from another inputs folder (session 29" in run.stderr
    assert _bytes(folder) == before


def test_bad_input_is_an_error_and_nothing_is_written(built, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(built.read_bytes()[:2000])
    run = c7draft("pull", damaged, folder)
    assert run.returncode == 2 and "damaged.docx" in run.stderr and "Traceback" not in run.stderr
    shutil.copy(built, tmp_path / "open.docx")
    (tmp_path / "~$open.docx").write_text("lock")
    run = c7draft("pull", tmp_path / "open.docx", folder)
    assert run.returncode == 2 and "open in Word" in run.stderr
    (folder / "unctad.yaml").write_text("entity: UNCTAD\nrecords: [\n", encoding="utf-8")
    run = c7draft("pull", built, folder)
    assert run.returncode == 2 and "unctad.yaml:" in run.stderr


def test_the_marks_survive_the_reviewers_save(built, tmp_path):
    docx = review(built, tmp_path / "reviewed.docx")
    names = zipfile.ZipFile(docx).read("word/document.xml").decode().count('w:name="_c7r_')
    assert names == len(read_docx(built).paragraphs) - 1  # the deleted bullet's mark went with it


def test_a_bullet_typed_over_a_placeholder_naming_no_agency_goes_to_unassigned(tmp_path):
    from helpers import MINIMAL, edited

    folder = edited(tmp_path, MINIMAL, "unctad.yaml", "section: 3b", "section: 3a")  # 3b left empty
    built = tmp_path / "draft.docx"
    build_submission(folder, built, check=False)
    r = Reviewer(built)
    r.type_over(
        "[to be written]", "[to be written]", "A joint workshop on e-commerce data is planned for 2026."
    )
    docx = r.save(tmp_path / "reviewed.docx")
    result = pull(docx, folder, write=True)
    assert [(c.kind, c.record_id) for c in result.changes] == [("added", "joint-workshop-e-commerce")]
    assert result.changes[0].file.endswith("unassigned.yaml")
    loaded = load_submission(folder)
    [new] = [r for r in loaded.records if r.record.id == "joint-workshop-e-commerce"]
    assert new.record.section == "3b" and new.file.name == "unassigned.yaml"
    written = (folder / "unassigned.yaml").read_text(encoding="utf-8")
    assert "TO DO" in written
    # its first line names the folder's schema, as the agencies' files do
    assert written.startswith("# yaml-language-server: $schema=records.schema.json\n")


def test_a_new_bullet_typed_before_a_bullet_does_not_take_its_record(built, tmp_path):
    """Enter at the start of a bullet splits it: the mark stays with the new first half."""
    from docx.oxml.ns import qn

    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    r = Reviewer(built)
    old = r.paragraph("Despite global growth")
    r.add_bullet_after("Despite global growth", "placeholder")
    new = old.getnext()
    runs = [c for c in old if c.tag in (qn("w:r"), qn("w:hyperlink"))]
    for run in runs:  # the old text moves down; the mark (bookmarkStart) stays above
        new.append(run)
    new.remove(new.find(qn("w:r")))  # the placeholder run
    added = old.makeelement(qn("w:r"), {})
    t = added.makeelement(qn("w:t"), {})
    t.text = NEW_BULLET.replace("UPU", "UNCTAD")
    added.append(t)
    old.find(qn("w:bookmarkStart")).addnext(added)
    docx = r.save(tmp_path / "reviewed.docx")
    result = pull(docx, folder, write=True)
    assert [(c.kind, c.record_id) for c in result.changes] == [("added", "unctad-opened-parcel-tracking")]
    assert "Despite global growth" in _records(folder)["digital-investment-gaps"]["text"]


def test_a_bullet_moved_under_another_heading_changes_its_section_and_keeps_the_word_order(tmp_path):
    from helpers import MINIMAL

    folder = tmp_path / "inputs"
    shutil.copytree(MINIMAL, folder)
    built = tmp_path / "draft.docx"
    build_submission(folder, built, check=False)
    r = Reviewer(built)
    r.move_after("ITC launched a", "UNCTAD will implement")  # from 3a to the end of 3b
    docx = r.save(tmp_path / "reviewed.docx")
    result = pull(docx, folder, write=True)
    assert ("moved", "itc-accelerator") in [(c.kind, c.record_id) for c in result.changes]
    loaded = load_submission(folder)
    assert {r.record.id: r.record.section for r in loaded.records}["itc-accelerator"] == "3b"
    # 3b had no `order:`: by default ITC's bullet would come first; Word's order is kept.
    assert loaded.submission.order["3b"] == ["unctad-gdc", "itc-accelerator"]
    rebuilt = tmp_path / "rebuilt.docx"
    build_submission(folder, rebuilt, check=False)
    a, b = read_reviewed(docx), read_docx(rebuilt)
    texts = [p.text for p in b.paragraphs if p.text.strip()]
    assert [p.text for p in a.paragraphs if p.text.strip() and p.text != "[to be written]"] == [
        t for t in texts if t != "[to be written]"
    ]


def test_the_first_bullet_and_summary_paragraph_of_a_folder_made_by_init(tmp_path):
    """`init` writes files with no records (a commented example under `records:`) and no
    summary: what reviewers type over the placeholders becomes the first of each."""
    from docx.oxml.ns import qn

    from c7draft.yearly import init_submission

    folder = tmp_path / "inputs"
    init_submission(folder, last=SAMPLE)
    built = tmp_path / "draft.docx"
    build_submission(folder, built, check=False)
    r = Reviewer(built)
    placeholders = [
        p
        for p in r.body.iter(qn("w:p"))
        if "".join(t.text or "" for t in p.iter(qn("w:t"))) == "[to be written]"
    ]
    next(placeholders[0].iter(qn("w:t"))).text = "In 2026 the action line grew."
    next(
        placeholders[1].iter(qn("w:t"))
    ).text = "The UPU opened a parcel tracking service for small firms in 2026."
    docx = r.save(tmp_path / "reviewed.docx")
    result = pull(docx, folder, write=True)
    assert sorted((c.kind, c.record_id) for c in result.changes) == [
        ("added", "executive_summary"),
        ("added", "upu-opened-parcel-tracking"),
    ]
    loaded = load_submission(folder)
    assert loaded.submission.executive_summary == ["In 2026 the action line grew."]
    assert [(r.record.id, r.file.name) for r in loaded.records] == [
        ("upu-opened-parcel-tracking", "upu.yaml")
    ]
    assert "# - id: example-activity-2026" in (folder / "upu.yaml").read_text(
        encoding="utf-8"
    )  # the example stays


def test_two_summary_paragraphs_added_in_word_land_in_order(built, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    r = Reviewer(built)
    r.add_bullet_after("Developing countries need", "A second new paragraph.")
    r.add_bullet_after("Developing countries need", "A first new paragraph.")
    docx = r.save(tmp_path / "reviewed.docx")
    pull(docx, folder, write=True)
    summary = load_submission(folder).submission.executive_summary
    assert summary[2:4] == ["A first new paragraph.", "A second new paragraph."] and len(summary) == 5


def test_a_deleted_heading_moves_no_bullet_into_another_section(built, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    r = Reviewer(built)
    r.delete("b) Future actions or initiatives")
    docx = r.save(tmp_path / "reviewed.docx")
    result = pull(docx, folder, write=True)
    assert [(e.kind, e.key) for e in result.front_matter] == [("removed", "outline")]
    assert [(c.kind, c.record_id) for c in result.conflicts] == [("conflict", "gdc-implementation")]
    assert result.changes == [] and result.exit_code == 1
    assert _bytes(folder) == _bytes(SAMPLE)


@pytest.mark.parametrize("year", ["2023", "2025"])
def test_every_bullet_and_summary_paragraph_edited_at_once_round_trips(tmp_path, year):
    """Each record's markup (italics, links, inline and labelled footnotes) written back
    from Word reads as the reviewed text: a word typed at the end of every paragraph."""
    from docx.oxml.ns import qn

    folder = tmp_path / "inputs"
    shutil.copytree(ROOT / "sample_inputs" / year, folder)
    built = tmp_path / "draft.docx"
    build_submission(folder, built, check=False)
    r = Reviewer(built)
    base = read_docx(built).base
    keys = {it.key for it in base.items if it.kind != "derived"}
    edited = 0
    for p in r.body.iter(qn("w:p")):
        marks = [b.get(qn("w:name"), "")[5:] for b in p.iter(qn("w:bookmarkStart"))]
        texts = [t for t in p.iter(qn("w:t")) if t.getparent().getparent().tag != qn("w:hyperlink")]
        if marks and marks[0] in keys and texts:
            texts[0].text = "Indeed, " + texts[0].text
            edited += 1
    assert edited == len(keys)
    docx = r.save(tmp_path / "reviewed.docx")
    result = pull(docx, folder, write=True)
    assert result.conflicts == [] and len(result.changes) == edited

    def widest(text: str) -> int:  # lines that could be folded (a comment or a long address cannot)
        return max(len(line) for line in text.splitlines() if " " in line.strip() and "#" not in line)

    for path in folder.glob("*.yaml"):  # refolded at each file's own width
        assert widest(path.read_text(encoding="utf-8")) <= widest(
            (ROOT / "sample_inputs" / year / path.name).read_text(encoding="utf-8")
        )
    rebuilt = tmp_path / "rebuilt.docx"
    build_submission(folder, rebuilt, check=False)
    a, b = read_reviewed(docx), read_docx(rebuilt)
    assert [p.marked_text for p in a.paragraphs] == [p.marked_text for p in b.paragraphs]
    assert [(n.text, n.urls, n.italic_spans) for n in a.footnotes.values()] == [
        (n.text, n.urls, n.italic_spans) for n in b.footnotes.values()
    ]
    assert [(p.italic_spans, p.hyperlinks) for p in a.paragraphs] == [
        (p.italic_spans, p.hyperlinks) for p in b.paragraphs
    ]


def test_c7draft_own_recycled_text_comments_are_not_listed(tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    built = tmp_path / "draft.docx"
    assert build_submission(folder, built).flagged > 0  # with the check: c7draft's comments
    r = Reviewer(built)
    r.comment("Digital Transformation Assessments were", "Which year?", "Ben Director")
    result = pull(r.save(tmp_path / "reviewed.docx"), folder)
    assert [(c.author, c.text) for c in result.comments] == [("Ben Director", "Which year?")]


def test_a_labelled_footnote_deleted_in_word_goes_from_the_record_and_nothing_else_moves(built, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    r = Reviewer(built)
    r.delete_footnote("Several countries requested")
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert result.exit_code == 0 and [(c.kind, c.record_id) for c in result.changes] == [
        ("edited", "etrade-reform-tracker")
    ]
    before = (SAMPLE / "unctad.yaml").read_text(encoding="utf-8")
    note = (
        "\n    footnotes:\n      tracker-countries: >-\n"
        "        In Fiji, Ghana, Jordan, Kenya, Mauritania, Peru, Samoa, Solomon Islands, Trinidad\n"
        "        and Tobago, Zimbabwe and ECOWAS member countries."
    )
    expected = before.replace(" underway.[^tracker-countries]" + note, " underway.")
    assert expected != before and (folder / "unctad.yaml").read_text(encoding="utf-8") == expected
    # valid, and no warning about a note (the note's own words, and their warnings, are gone)
    new_rules = {p.rule for p in validate(folder)} - {p.rule for p in validate(SAMPLE)}
    assert new_rules == set() and not [p for p in validate(folder) if p.severity == "error"]


def test_every_bullet_of_an_agency_deleted_in_word_leaves_an_empty_list_and_its_comments(built, tmp_path):
    """`records:` with only comments under it would read as no value at all (the file then
    no longer loads): the emptied list is written `records: []`, the comments stay."""
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    r = Reviewer(built)
    for start in (
        "Since the COVID-19",
        "Digital Transformation Assessments",
        "The UPU's flagship",
        "Following its Trade Post Forum",
        "In a similar multi-stakeholder",
        "The UPU Heya project",
        "Finally, a new UPU",
    ):
        r.delete(start)
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert result.exit_code == 0 and [c.kind for c in result.changes].count("removed") == 7
    after = (folder / "upu.yaml").read_text(encoding="utf-8")
    assert "\nrecords: []\n  # ---- Part 2: Analytical overview of trends and experiences ----\n" in after
    assert after.endswith("----\n") and "  - id:" not in after
    loaded = load_submission(folder)
    assert [r.record.id for r in loaded.records if r.file.name == "upu.yaml"] == []
    build_submission(folder, tmp_path / "rebuilt.docx", check=False)
    # The next round: two new UPU bullets typed in Word go under `records:`, in their order.
    r = Reviewer(tmp_path / "rebuilt.docx")
    r.add_bullet_after("Despite global growth", "The UPU trained postal staff in 2025.")
    r.add_bullet_after("Despite global growth", NEW_BULLET)
    assert pull(r.save(tmp_path / "reviewed-2.docx"), folder, write=True).exit_code == 0
    upu = [r.record.text for r in load_submission(folder).records if r.file.name == "upu.yaml"]
    assert upu == [NEW_BULLET, "The UPU trained postal staff in 2025."]
    assert "\nrecords:\n  - id: upu-opened-parcel-tracking\n" in (folder / "upu.yaml").read_text(
        encoding="utf-8"
    )


def test_a_records_file_with_windows_line_ends_keeps_them_and_only_the_edit_changes(built, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    for name in FILES:
        (folder / name).write_bytes((SAMPLE / name).read_bytes().replace(b"\n", b"\r\n"))
    r = Reviewer(built)
    r.type_over("Despite global growth", "global growth", "worldwide growth")
    assert pull(r.save(tmp_path / "reviewed.docx"), folder, write=True).exit_code == 0
    expected = (
        (SAMPLE / "unctad.yaml").read_bytes().replace(b"Despite global growth", b"Despite worldwide growth")
    )
    assert (folder / "unctad.yaml").read_bytes() == expected.replace(b"\n", b"\r\n")
