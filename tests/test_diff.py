"""`c7draft diff OLD NEW`: the per-record report, and the redline as Word tracked changes,
read back by pandoc, LibreOffice and the .docx's own XML."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import c7draft, libreoffice_convert

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_inputs" / "2025"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")

REMOVED = """  - id: etrade-reform-tracker
    section: "2"
    text: >-
      Several countries requested the UNCTAD eTrade Reform Tracker, with deployment and
      training activities underway.[^tracker-countries]
    footnotes:
      tracker-countries: >-
        In Fiji, Ghana, Jordan, Kenya, Mauritania, Peru, Samoa, Solomon Islands, Trinidad
        and Tobago, Zimbabwe and ECOWAS member countries.
"""
ADDED = """  - id: sme-trade-academy-2025
    section: 3a
    text: >-
      The ITC SME Trade Academy opened a new *e-commerce* course for 1,200
      learners.^[See <https://learning.intracen.org>.]

"""
# (file, old, new): the edits a drafting officer makes in the YAML of a copy of the sample
EDITS = [
    # one changed word
    ("unctad.yaml", "found that meaningful progress", "found that substantial progress"),
    # a changed footnote
    ("unctad.yaml", "for 21 women from four", "for 22 women from four"),
    # an edited executive-summary paragraph
    ("submission.yaml", "need increased international support", "need more international support, urgently,"),
    # a removed bullet (and its `order:` entry)
    ("unctad.yaml", REMOVED, ""),
    ("submission.yaml", "    - etrade-reform-tracker\n", ""),
    # a new bullet, placed in `order:`
    ("itc.yaml", "  - id: digital-innovation-accelerator", ADDED + "  - id: digital-innovation-accelerator"),
    ("submission.yaml", "    - heya-post4women\n", "    - heya-post4women\n    - sme-trade-academy-2025\n"),
    # italics switched off
    ("unctad.yaml", "the *Digital Economy Report: Pacific Edition 2024* cast", "the Digital Economy Report: "
     "Pacific Edition 2024 cast"),
    # a record renamed, its text unchanged
    ("upu.yaml", "id: logistics-fragmentation", "id: postal-logistics-fragmentation"),
    ("submission.yaml", "    - logistics-fragmentation\n", "    - postal-logistics-fragmentation\n"),
    # a bullet moved to the top of Part 2
    ("submission.yaml", "    - ige-8-session\n", ""),
    ("submission.yaml", '  "2":\n', '  "2":\n    - ige-8-session\n'),
]  # fmt: skip


@pytest.fixture(scope="module")
def sides(tmp_path_factory) -> dict[str, Path]:
    """OLD (the sample) and NEW (the edited copy), each as a folder and as a built .docx."""
    tmp = tmp_path_factory.mktemp("diff")
    new = tmp / "new"
    shutil.copytree(SAMPLE, new)
    for file, old, text in EDITS:
        path = new / file
        content = path.read_text(encoding="utf-8")
        assert old in content, f"the sample changed: {old!r} is not in {file}"
        path.write_text(content.replace(old, text, 1), encoding="utf-8")
    paths = {"old": SAMPLE, "new": new}
    for side in ("old", "new"):
        out = tmp / f"{side}.docx"
        run = c7draft("build", paths[side], "-o", out, "--no-check", env={"SOURCE_DATE_EPOCH": EPOCH})
        assert run.returncode == 0, run.stderr
        paths[f"{side}.docx"] = out
    for pair in ("folders", "docx"):
        out = tmp / f"changes-{pair}.docx"
        old, new_side = (
            (paths["old"], paths["new"]) if pair == "folders" else (paths["old.docx"], paths["new.docx"])
        )
        run = c7draft("diff", old, new_side, "-o", out, env={"SOURCE_DATE_EPOCH": EPOCH})
        assert run.returncode == 0, run.stderr
        paths[f"changes-{pair}"] = out
    return paths


# ----------------------------------------------------------------------------- the report


def test_report_names_each_changed_record_once_with_a_word_diff(sides):
    run = c7draft("diff", sides["old"], sides["new"])  # piped: plain marks, no colour
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "\x1b[" not in out
    heads = re.findall(r"^(\S+)  (\S+(?: \S+)?)  (edited|added|removed|moved)$", out, flags=re.M)
    kinds = {record: kind for _, record, kind in heads}
    assert kinds == {
        "Part 1": "edited",
        "ism-review-2025": "edited",
        "etrade-for-women-2025": "edited",
        "pacific-der-cyberlaws": "edited",
        "etrade-reform-tracker": "removed",
        "sme-trade-academy-2025": "added",
        "ige-8-session": "moved",
    }, out
    # the renamed record, same text, is neither removed nor added
    assert "logistics-fragmentation" not in out
    where = {record: file for file, record, _ in heads}
    assert re.fullmatch(r".*/unctad\.yaml:\d+", where["ism-review-2025"])
    assert re.fullmatch(r".*/submission\.yaml:\d+", where["Part 1"])
    assert "found that [-meaningful-]{+substantial+} progress" in out
    assert "for [-21-]{+22+} women" in out  # the footnote's change, at its record
    assert "the [-*-]Digital Economy Report: Pacific Edition 2024[-*-] cast" in out
    assert out.rstrip().endswith("4 edited, 1 removed, 1 added, 1 moved") or "1 moved" in out.splitlines()[-1]


def test_json_report(sides):
    run = c7draft("diff", sides["old"], sides["new"], "--format", "json")
    assert run.returncode == 0, run.stderr
    changes = json.loads(run.stdout)["changes"]
    by_id = {c["record_id"]: c for c in changes if c["record_id"]}
    assert {c["kind"] for c in changes} == {"edited", "added", "removed", "moved"}
    edited = by_id["ism-review-2025"]
    assert edited["file"].endswith("unctad.yaml") and isinstance(edited["line"], int)
    assert "meaningful progress" in edited["before"] and "substantial progress" in edited["after"]
    assert by_id["sme-trade-academy-2025"]["before"] == ""
    assert "^[See <https://learning.intracen.org>.]" in by_id["sme-trade-academy-2025"]["after"]
    assert (
        by_id["etrade-reform-tracker"]["after"] == ""
        and "^[In Fiji" in by_id["etrade-reform-tracker"]["before"]
    )
    assert "postal-logistics-fragmentation" not in by_id


def test_docx_sides_report_the_same_changes(sides):
    folders = json.loads(c7draft("diff", sides["old"], sides["new"], "--format", "json").stdout)["changes"]
    docx = json.loads(c7draft("diff", sides["old.docx"], sides["new.docx"], "--format", "json").stdout)[
        "changes"
    ]
    assert [(c["record_id"], c["kind"], c["before"], c["after"]) for c in docx] == [
        (c["record_id"], c["kind"], c["before"], c["after"]) for c in folders
    ]
    mixed = json.loads(c7draft("diff", sides["old"], sides["new.docx"], "--format", "json").stdout)["changes"]
    assert [c["record_id"] for c in mixed] == [c["record_id"] for c in folders]


def test_colour_in_a_terminal():
    from c7draft.review.diff import Change, render_table

    change = Change("edited", "x", "a.yaml", 3, "Part 2", "one big word", "one small word")
    assert "\x1b[9;31mbig\x1b[0m\x1b[4;32msmall\x1b[0m" in render_table([change], colour=True)
    assert "[-big-]{+small+}" in render_table([change], colour=False)


# ----------------------------------------------------------------------------- the redline


def _pandoc(path: Path, *options: str) -> list[str]:
    """pandoc's plain text of a .docx as a list of paragraphs (footnotes at the end).

    pandoc 2.17 drops the text of a list paragraph whose paragraph mark is deleted (accept)
    or inserted (reject), as Word does, but keeps an empty list item in its place: those
    empty items are left out here."""
    run = subprocess.run(
        ["pandoc", *options, "-t", "plain", "--wrap=none", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    text = re.sub(r"^-[ \t]*\n", "", run.stdout, flags=re.M)
    return [p for p in re.split(r"\n\s*\n", text.strip())]


@needs_pandoc
@pytest.mark.parametrize("pair", ["folders", "docx"])
def test_accept_all_gives_new_and_reject_all_gives_old(sides, pair):
    changes = sides[f"changes-{pair}"]
    new, old = _pandoc(sides["new.docx"]), _pandoc(sides["old.docx"])
    assert _pandoc(changes, "--track-changes=accept") == new
    assert _pandoc(changes, "--track-changes=reject") == old
    assert new != old
    assert any(
        re.match(r"\[\d\] The South Asia Masterclass", p) and "22 women" in p for p in new
    )  # notes too


def _xml(path: Path, part: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def _paragraph(root, words: str):
    return next(p for p in root.iter(f"{W}p") if words in "".join(p.itertext()))


def _texts(element, tag: str) -> list[str]:
    return ["".join(t.text or "" for t in change.iter(f"{W}{tag}")) for change in element]


def test_one_word_edit_is_that_word_only(sides):
    body = _xml(sides["changes-folders"], "word/document.xml")
    p = _paragraph(body, "progress is more likely")
    deleted = _texts(p.iter(f"{W}del"), "delText")
    inserted = _texts(p.iter(f"{W}ins"), "t")
    assert [d.strip() for d in deleted] == ["meaningful"] and len(deleted[0]) <= len(" meaningful ")
    assert [i.strip() for i in inserted] == ["substantial"]


def test_footnote_text_is_tracked_inside_footnotes_xml(sides):
    notes = _xml(sides["changes-folders"], "word/footnotes.xml")
    note = _paragraph(notes, "South Asia Masterclass")
    assert _texts(note.iter(f"{W}del"), "delText") == ["21"]
    assert _texts(note.iter(f"{W}ins"), "t") == ["22"]
    # the removed bullet's note is deleted with it, the new bullet's inserted
    assert _texts(_paragraph(notes, "ECOWAS").iter(f"{W}del"), "delText")[0].startswith("In Fiji")
    assert "learning.intracen.org" in "".join(
        _texts(_paragraph(notes, "learning.intracen").iter(f"{W}ins"), "t")
    )


def test_bullets_added_and_removed_are_whole_paragraphs_with_their_marks(sides):
    body = _xml(sides["changes-folders"], "word/document.xml")
    removed = _paragraph(body, "eTrade Reform Tracker")
    assert removed.find(f"{W}pPr/{W}rPr/{W}del") is not None
    assert removed.findall(f".//{W}t") == []  # every run deleted
    added = _paragraph(body, "SME Trade Academy")
    assert added.find(f"{W}pPr/{W}rPr/{W}ins") is not None
    assert all(r.getparent().tag == f"{W}ins" for r in added.findall(f"{W}r"))


def test_italic_switched_off_is_a_formatting_change(sides):
    body = _xml(sides["changes-folders"], "word/document.xml")
    p = _paragraph(body, "Pacific Edition 2024 cast")
    changed = [r for r in p.iter(f"{W}r") if r.find(f"{W}rPr/{W}rPrChange") is not None]
    assert (
        "".join(t.text for r in changed for t in r.iter(f"{W}t"))
        == "Digital Economy Report: Pacific Edition 2024"
    )
    for r in changed:
        assert r.find(f"{W}rPr/{W}i") is None  # no italic now
        assert r.find(f"{W}rPr/{W}rPrChange/{W}rPr/{W}i") is not None  # italic before
    assert not list(p.iter(f"{W}del"))  # the words themselves are kept


def test_revisions_are_c7draft_s_dated_and_uniquely_numbered_with_tracking_off(sides):
    path = sides["changes-folders"]
    ids = []
    for part in ("word/document.xml", "word/footnotes.xml"):
        root = _xml(path, part)
        revisions = (
            "ins",
            "del",
            "moveFrom",
            "moveTo",
            "rPrChange",
            "moveFromRangeStart",
            "moveToRangeStart",
        )
        for change in root.iter(*(f"{W}{tag}" for tag in revisions)):
            assert change.get(f"{W}author") == "c7draft"
            assert change.get(f"{W}date") == "2026-01-01T00:00:00Z"
            ids.append(change.get(f"{W}id"))
        ids += [e.get(f"{W}id") for e in root.iter(f"{W}commentRangeStart", f"{W}bookmarkStart")]
    assert len(ids) >= 15 and len(ids) == len(set(ids))
    settings = _xml(path, "word/settings.xml")
    assert settings.find(f"{W}trackRevisions") is None and settings.find(f"{W}revisionView") is None


def test_a_bullet_moved_unchanged_is_word_s_move(sides):
    body = _xml(sides["changes-folders"], "word/document.xml")
    moved = [p for p in body.iter(f"{W}p") if "8th session of the UNCTAD" in "".join(p.itertext())]
    assert len(moved) == 2  # where it was, where it is
    was, now = sorted(moved, key=lambda p: p.find(f".//{W}moveFrom") is None)
    assert (
        was.find(f"{W}pPr/{W}rPr/{W}moveFrom") is not None
        and now.find(f"{W}pPr/{W}rPr/{W}moveTo") is not None
    )
    start_from, start_to = was.find(f"{W}moveFromRangeStart"), now.find(f"{W}moveToRangeStart")
    assert start_from.get(f"{W}name") == start_to.get(f"{W}name")
    assert was.find(f"{W}moveFromRangeEnd").get(f"{W}id") == start_from.get(f"{W}id")
    assert now.find(f"{W}moveToRangeEnd").get(f"{W}id") == start_to.get(f"{W}id")
    assert not list(was.iter(f"{W}delText"))  # moved text stays text
    assert list(body.iter(f"{W}p")).index(now) < list(body.iter(f"{W}p")).index(was)  # it moved up
    # a record moved and edited would be a deletion plus an insertion: the move would hide the edit
    assert len(list(body.iter(f"{W}moveFromRangeStart"))) == 1


def test_styles_and_real_footnotes_are_kept(sides):
    from c7draft.docx_io import read_docx

    content = read_docx(sides["changes-folders"])
    styles = {p.style for p in content.paragraphs}
    assert {"Heading 1", "List Bullet"} <= styles
    assert len(content.footnotes) == 8  # NEW's 7, and the removed bullet's


def test_last_year_against_this_year_rewrites_are_one_deletion_and_one_insertion():
    from c7draft.review.diff import compare_sides
    from c7draft.review.worddiff import is_rewrite

    changes = compare_sides(ROOT / "sample_inputs" / "2023", SAMPLE).changes
    summary = [c for c in changes if c.location == "Part 1" and c.kind == "edited"]
    assert len(summary) == 3
    # the first paragraph was reworked (it keeps its frame), the other two were written anew
    assert [is_rewrite(c.pieces()) for c in summary] == [False, True, True]
    # not confetti: a few stretches changed, most of them whole phrases
    kept = [p for p in summary[0].pieces() if p.kind == "equal"]
    assert len(kept) <= 7 and sum(len(p.text.split()) for p in kept) >= 20


def test_the_report_shows_words_as_written_not_markdown_escapes():
    """The front matter's "UN Trade & Development" and its two-line session line, as a
    reader sees them; a record keeps its markup (*italics*, ^[notes]) unescaped."""
    run = c7draft("diff", ROOT / "sample_inputs" / "2023", SAMPLE)
    assert run.returncode == 0, run.stderr
    assert "Trade [-and-]{+&+} Development" in run.stdout
    assert "session\n    Geneva, 20-24 April 2026" in run.stdout
    assert "\\&" not in run.stdout and "\\\n" not in run.stdout
    assert "UNCTAD analysis of *G20 Members’ Regulations of Cross-Border Data Flows*" in run.stdout


@needs_pandoc
def test_last_year_against_this_year_accepts_and_rejects_exactly(tmp_path):
    old = ROOT / "sample_inputs" / "2023"
    run = c7draft("diff", old, SAMPLE, "-o", tmp_path / "changes.docx")
    assert run.returncode == 0, run.stderr
    for folder, name in ((old, "old"), (SAMPLE, "new")):
        assert c7draft("build", folder, "-o", tmp_path / f"{name}.docx", "--no-check").returncode == 0
    assert _pandoc(tmp_path / "changes.docx", "--track-changes=accept") == _pandoc(tmp_path / "new.docx")
    assert _pandoc(tmp_path / "changes.docx", "--track-changes=reject") == _pandoc(tmp_path / "old.docx")


@pytest.mark.slow
def test_libreoffice_lists_the_changes_and_shows_new_text(sides, tmp_path):
    for fmt in ("odt", "txt:Text (encoded):UTF8"):
        run = libreoffice_convert(
            [sides["changes-folders"]], fmt, tmp_path, tmp_path / "lo-profile", 240, check=False
        )
        assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(tmp_path / "changes-folders.odt") as z:
        content = z.read("content.xml").decode()
    regions = re.findall(r"<text:changed-region ", content)
    assert len(regions) >= 10, "LibreOffice should list each tracked change"
    assert "<text:format-change" in content  # the italics switched off
    text = (tmp_path / "changes-folders.txt").read_text(encoding="utf-8-sig")
    # LibreOffice's text keeps the deleted words next to the inserted ones
    for words in (
        "substantial progress",
        "SME Trade Academy",
        "support, urgently, to bridge",
    ):
        assert words in text


# ----------------------------------------------------------------------------- bad input


def test_a_path_that_is_neither_folder_nor_docx(tmp_path, sides):
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    out = tmp_path / "changes.docx"
    for bad in (other, tmp_path / "missing"):
        run = c7draft("diff", bad, sides["new"], "-o", out)
        assert run.returncode == 2 and "Traceback" not in run.stderr
        assert "neither a submission folder nor a .docx" in run.stderr and str(bad.name) in run.stderr
    assert not out.exists()


def test_a_docx_c7draft_did_not_build_points_at_import(tmp_path, sides):
    import docx

    foreign = tmp_path / "foreign.docx"
    document = docx.Document()
    document.add_paragraph("A submission typed in Word.")
    document.save(str(foreign))
    out = tmp_path / "changes.docx"
    run = c7draft("diff", foreign, sides["new.docx"], "-o", out)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "not built by c7draft" in run.stderr and "c7draft import" in run.stderr
    assert not out.exists()


def test_output_onto_an_input_is_refused_and_nothing_is_written(sides):
    for target in (sides["old.docx"], sides["new.docx"]):
        before = target.read_bytes()
        run = c7draft("diff", sides["old.docx"], sides["new.docx"], "-o", target)
        assert run.returncode == 2 and "would overwrite one of the documents being compared" in run.stderr
        assert target.read_bytes() == before
    run = c7draft("diff", sides["old"], sides["new"], "-o", sides["new"] / "changes.docx")
    assert run.returncode == 2 and not (sides["new"] / "changes.docx").exists()
    run = c7draft("diff", sides["old"], sides["new"], "-o", sides["new"].parent / "changes.txt")
    assert run.returncode == 2 and "must be a .docx file" in run.stderr
    assert not (sides["new"].parent / "changes.txt").exists()


def test_a_bullet_moved_and_edited_is_a_deletion_and_an_insertion(tmp_path):
    from c7draft.assemble import load_draft
    from c7draft.docx_io.redline import write_redline
    from c7draft.review.diff import compare_sides
    from c7draft.review.redline import redline
    from c7draft.review.worddiff import render

    new = tmp_path / "new"
    shutil.copytree(SAMPLE, new)
    yaml = new / "submission.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8")
        .replace("    - ige-8-session\n", "")
        .replace('  "2":\n', '  "2":\n    - ige-8-session\n'),
        encoding="utf-8",
    )
    unctad = new / "unctad.yaml"
    unctad.write_text(unctad.read_text(encoding="utf-8").replace("The 8th session", "The eighth session"))
    changes = compare_sides(SAMPLE, new).changes
    assert [(c.record_id, c.kind) for c in changes] == [("ige-8-session", "moved")]
    assert "[-8th-]{+eighth+}" in render(changes[0].pieces(), colour=False)
    out = tmp_path / "changes.docx"
    write_redline(redline(load_draft(SAMPLE), load_draft(new)), out)
    body = _xml(out, "word/document.xml")
    assert next(body.iter(f"{W}moveFrom"), None) is None and next(body.iter(f"{W}moveTo"), None) is None
    moved = [
        p for p in body.iter(f"{W}p") if "session of the UNCTAD Intergovernmental" in "".join(p.itertext())
    ]
    assert [p.find(f"{W}pPr/{W}rPr/{W}ins") is not None for p in moved] == [True, False]
    assert moved[1].find(f"{W}pPr/{W}rPr/{W}del") is not None


def test_the_comments_of_a_new_docx_are_kept_with_their_authors(sides, tmp_path):
    import docx

    from c7draft.docx_io import read_docx

    commented = tmp_path / "new-commented.docx"
    document = docx.Document(str(sides["new.docx"]))
    paragraph = next(p for p in document.paragraphs if "substantial progress" in p.text)
    document.add_comment(paragraph.runs, text="Which countries?", author="Reviewer A", initials="RA")
    document.save(str(commented))
    out = tmp_path / "changes.docx"
    run = c7draft("diff", sides["old.docx"], commented, "-o", out, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert run.returncode == 0, run.stderr
    kept = read_docx(out).comments
    assert [(c.author, c.text) for c in kept] == [("Reviewer A", "Which countries?")]
    assert "substantial progress" in kept[0].anchored_text and "meaningful" not in kept[0].anchored_text
    assert kept[0].date != "2026-01-01T00:00:00Z"  # its own time, not the redline's
    assert _pandoc(out, "--track-changes=accept") == _pandoc(sides["new.docx"])


# ---------------------------------------------------------------- the table, line by line

WORDS = [f"word{n:02d}" for n in range(40)]  # 7 characters each with its space


def _change(kind: str, before: str, after: str, **where):
    from c7draft.review.diff import Change

    fields = {"record_id": "r1", "file": "unctad.yaml", "line": 12, "location": "Part 2"} | where
    return Change(kind, before=before, after=after, **fields)


def _shown(kind: str, before: str, after: str) -> list[str]:
    from c7draft.review.diff import render_table

    return render_table([_change(kind, before, after)], colour=False).splitlines()


def _context(shown: str) -> tuple[str, str]:
    """The words shown before and after the change of one word diff line."""
    before, _, rest = shown.partition("[-")
    return before, rest.split("+}", 1)[1]


def test_a_long_unchanged_stretch_is_cut_to_whole_words_near_the_change():
    """At most 60 characters of context each side, cut at a space, "…" where text is left out;
    as many whole words as fit."""
    before = " ".join(WORDS)
    after = before.replace("word20", "WORD20")
    [head, diff, blank, counts] = _shown("edited", before, after)
    assert head == "unctad.yaml:12  r1  edited"
    assert (blank, counts) == ("", "1 edited")
    left, right = _context(diff.strip())
    assert left.startswith("…") and right.endswith("…")
    assert left == "… " + " ".join(WORDS[12:20]) + " "  # from the space before the 8 words: 56 characters
    assert right == " " + " ".join(WORDS[21:29]) + " …"  # up to the space after the 8 words
    assert "[-word20-]{+WORD20+}" in diff


def test_a_stretch_between_two_changes_keeps_both_ends_and_a_short_one_is_whole():
    before = " ".join(WORDS)
    after = before.replace("word02", "WORD02").replace("word37", "WORD37")
    [_, diff, *_] = _shown("edited", before, after)
    middle = diff.split("{+WORD02+}", 1)[1].split("[-word37-]", 1)[0]
    assert middle == " " + " ".join(WORDS[3:11]) + " …" + " " + " ".join(WORDS[29:37]) + " "
    short = " ".join(WORDS[:15])  # 104 characters: under 120, shown whole
    assert _shown("edited", short + " x", short + " y")[1].strip() == short + " [-x-]{+y+}"
    exactly = " ".join(WORDS[:15]) + " abcdefghijklmn"  # with the space after it, 120: whole
    assert len(exactly) == 119
    assert _shown("edited", exactly + " x", exactly + " y")[1].strip() == exactly + " [-x-]{+y+}"
    longer = exactly + "o"  # 121: cut
    assert _shown("edited", longer + " x", longer + " y")[1].strip().startswith("… ")


def test_a_moved_paragraph_unchanged_is_its_first_words_and_an_edited_one_a_word_diff():
    text = " ".join(WORDS)
    [head, body, *_] = _shown("moved", text, text)
    assert head == "unctad.yaml:12  r1  moved"
    assert body.strip() == " ".join(WORDS[:17]) + " …"  # whole words within 120 characters: 118
    short = " ".join(WORDS[:15])
    assert _shown("moved", short, short)[1].strip() == short
    exactly = " ".join(WORDS[:17]) + " x"  # 120 characters: whole; 139: cut
    assert _shown("moved", exactly, exactly)[1].strip() == exactly
    longer = " ".join(WORDS[:20])
    assert _shown("moved", longer, longer)[1].strip() == " ".join(WORDS[:17]) + " …"
    assert _shown("moved", short, short + " more")[1].strip() == short + "{+ more+}"


def test_added_and_removed_paragraphs_are_one_insertion_or_deletion_and_counted():
    from c7draft.review.diff import render_table

    changes = [
        _change("added", "", "New words."),
        _change("removed", "Old words.", ""),
        _change("added", "", "More words.", record_id=None, file=None, line=None, location="Part 3 a)"),
    ]
    assert render_table(changes, colour=False).splitlines() == [
        "unctad.yaml:12  r1  added",
        "    {+New words.+}",
        "",
        "unctad.yaml:12  r1  removed",
        "    [-Old words.-]",
        "",
        "Part 3 a)  added",
        "    {+More words.+}",
        "",
        "2 added, 1 removed",
    ]
    assert render_table([], colour=False) == "No changes.\n"


def test_where_a_change_is_names_the_file_and_line_or_what_there_is():
    assert _change("edited", "a", "b").where == "unctad.yaml:12"
    assert _change("edited", "a", "b", line=None).where == "unctad.yaml"
    assert _change("edited", "a", "b", file=None).where == "Part 2"


def test_write_changes_does_not_replace_a_file_c7draft_did_not_write_unless_forced(sides, tmp_path):
    from c7draft.errors import OutputError
    from c7draft.review.diff import compare_sides, write_changes

    comparison = compare_sides(sides["old"], sides["new"])
    out = tmp_path / "changes.docx"
    out.write_bytes(b"someone's own file")
    with pytest.raises(OutputError):
        write_changes(comparison, out, (sides["old"], sides["new"]))
    assert out.read_bytes() == b"someone's own file"
    write_changes(comparison, out, (sides["old"], sides["new"]), force=True)
    assert zipfile.is_zipfile(out)


def test_a_reviewed_docx_as_new_side(sides, tmp_path):
    """NEW is a built .docx a reviewer touched. Not changes: an empty paragraph typed, the
    space after a footnote's number deleted. Changes: a prompt's words (where the heading
    above it puts it, "Part 3"), a bullet's words (its records file and id, from the marks),
    a new bullet (where it stands). A comment on a bullet's first words only is kept on those
    words in the redline, which has NEW's title, authors and subject."""
    from docx.text.paragraph import Paragraph

    from c7draft.docx_io import read_docx
    from reviewing import Reviewer

    reviewer = Reviewer(sides["old.docx"])
    reviewer.add_bullet_after("Despite global growth", "")
    reviewer.footnote(" ", "")  # the first note's space after its number
    reviewer.type_over("a) Innovative policies", "Innovative policies", "New policies")
    reviewer.type_over("The ITC SME Competitiveness Outlook", "practical recommendations", "advice")
    reviewer.add_bullet_after("UNCTAD's eTrade for Women", "A bullet typed in Word.")
    paragraph = Paragraph(reviewer.paragraph("The ITC SME Competitiveness Outlook"), reviewer.doc._body)
    assert paragraph.runs[0].text == "The ITC "
    reviewer.doc.add_comment([paragraph.runs[0]], text="Which unit?", author="Reviewer A", initials="RA")
    reviewed = reviewer.save(tmp_path / "reviewed.docx")
    run = c7draft("diff", sides["old.docx"], reviewed)
    assert run.returncode == 0, run.stderr
    heads = [line for line in run.stdout.splitlines() if line and not line.startswith(" ")]
    assert sorted(heads) == [
        "2 edited, 1 added",
        "Part 2  added",
        "Part 3  edited",
        "itc.yaml  sme-competitiveness-outlook-2025  edited",
    ]
    out = tmp_path / "changes.docx"
    run = c7draft("diff", sides["old.docx"], reviewed, "-o", out)
    assert run.returncode == 0, run.stderr
    written = read_docx(out)
    [comment] = written.comments
    assert (comment.author, comment.anchored_text) == ("Reviewer A", "The ITC")
    core = read_docx(reviewed).core
    assert [written.core[k] for k in ("title", "author", "subject")] == [
        core[k] for k in ("title", "author", "subject")
    ]
    assert all(core[k] for k in ("title", "author", "subject"))
