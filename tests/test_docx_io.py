"""The .docx writer, checked the way a reader would: reopen the file, parse every part,
and look at what Word, LibreOffice and pandoc would show."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree

from c7draft import docx_io
from c7draft.docx_io import read_docx, write_docx
from c7draft.errors import DocumentReadError, OutputError
from c7draft.model import Block, Comment, Draft, FootnoteRef, LineBreak, Run
from c7draft.resources import templates_dir

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
ETRADE = "https://etradeforall.org"
UPU_NOTE_URL = "https://www.upu.int/en/ecom"


def make_draft() -> Draft:
    return Draft(
        title="WSIS Action Line C7 e-business: joint input\x01",
        authors=["ITC", "UNCTAD", "UPU"],
        session=29,
        subject="CSTD 29th session",
        blocks=[
            Block(
                "masthead",
                [
                    Run("Commission on Science and Technology for Development"),
                    LineBreak(),
                    Run("Twenty-ninth session"),
                ],
            ),
            Block("heading", [Run("Part 1: Executive Summary")]),
            Block(
                "paragraph",
                [
                    Run("In 2025 the "),
                    Run("eTrade for all", italic=True, url=ETRADE),
                    Run(" initiative"),
                    FootnoteRef(1, (Run("Launched at UNCTAD 14."),)),
                    Run(" grew, and the "),
                    Run("Global Trade Helpdesk", italic=True),
                    FootnoteRef(2, (Run("Run jointly by ITC, UNCTAD and WTO."),)),
                    Run(" platform served users in 120 countries.\x07"),
                ],
                comments=[Comment("Recycled from the 2024 input (92% similar).")],
            ),
            Block("prompt", [Run("a) Technical assistance and capacity building")]),
            Block("bullet", [Run("SME Trade Academy courses on e-commerce.")]),
            Block(
                "bullet",
                [
                    Run("Postal e-commerce readiness assessments"),
                    FootnoteRef(
                        3,
                        (
                            Run("See "),
                            Run("Ecom@Africa", italic=True),
                            Run(" at "),
                            Run(UPU_NOTE_URL, url=UPU_NOTE_URL),
                            Run("."),
                        ),
                    ),
                    Run(" in 12 countries."),
                ],
            ),
            Block("bullet", [Run("eTrade Readiness Assessments for LDCs.")]),
        ],
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("out") / "nested" / "c7-input.docx"
    write_docx(make_draft(), path)
    return path


@pytest.fixture(scope="module")
def content(written):
    return read_docx(written)


def xml_part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def by_text(content, start: str):
    return next(p for p in content.paragraphs if p.text.startswith(start))


# --- the package --------------------------------------------------------------------


def test_every_part_parses_and_python_docx_reopens_it(written):
    with zipfile.ZipFile(written) as z:
        names = z.namelist()
        for name in names:
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))  # raises on malformed XML
    assert "word/footnotes.xml" in names
    assert "word/_rels/footnotes.xml.rels" in names
    assert not [n for n in os.listdir(written.parent) if n != written.name]  # no temp files
    assert docx.Document(str(written)).paragraphs


def test_footnotes_part_has_separators_listed_in_settings(written):
    notes = xml_part(written, "word/footnotes.xml")
    kinds = {n.get(W + "id"): n.get(W + "type") for n in notes.iter(W + "footnote")}
    assert kinds == {"-1": "separator", "0": "continuationSeparator", "1": None, "2": None, "3": None}
    settings = xml_part(written, "word/settings.xml")
    pr = settings.find(W + "footnotePr")
    assert [f.get(W + "id") for f in pr.findall(W + "footnote")] == ["-1", "0"]
    # schema order: footnotePr comes before compat
    children = [c.tag for c in settings]
    assert children.index(W + "footnotePr") < children.index(W + "compat")
    types = xml_part(written, "[Content_Types].xml")
    assert any(
        o.get("PartName") == "/word/footnotes.xml" and "footnotes+xml" in o.get("ContentType") for o in types
    )


def test_footnote_references_sit_at_their_place_in_body_order(written, content):
    body = xml_part(written, "word/document.xml")
    refs = [int(r.get(W + "id")) for r in body.iter(W + "footnoteReference")]
    assert refs == [1, 2, 3]
    for ref in body.iter(W + "footnoteReference"):
        assert ref.getparent().find(W + "rPr/" + W + "rStyle").get(W + "val") == "FootnoteReference"
    summary = by_text(content, "In 2025")
    assert summary.marked_text == (
        "In 2025 the eTrade for all initiative[^1] grew, and the "
        "Global Trade Helpdesk[^2] platform served users in 120 countries."
    )
    assert summary.footnote_ids == [1, 2]
    assert by_text(content, "Postal").marked_text == (
        "Postal e-commerce readiness assessments[^3] in 12 countries."
    )


def test_footnote_text_is_in_footnotes_not_in_body(content):
    assert content.footnotes[1].text == "Launched at UNCTAD 14."
    assert content.footnotes[3].text == f"See Ecom@Africa at {UPU_NOTE_URL}."
    assert content.footnotes[3].italic_spans == ["Ecom@Africa"]
    body_text = "\n".join(p.text for p in content.paragraphs)
    assert "Launched at" not in body_text and "Ecom@Africa" not in body_text


def test_footnote_paragraph_starts_with_its_mark(written):
    notes = xml_part(written, "word/footnotes.xml")
    note = next(n for n in notes.iter(W + "footnote") if n.get(W + "id") == "1")
    p = note.find(W + "p")
    assert p.find(W + "pPr/" + W + "pStyle").get(W + "val") == "FootnoteText"
    first = p.find(W + "r")
    assert first.find(W + "rPr/" + W + "rStyle").get(W + "val") == "FootnoteReference"
    assert first.find(W + "footnoteRef") is not None
    # a space between the number and the note, as Word's own notes have: "1 Launched at ..."
    assert "".join(t.text for t in p.iter(W + "t")) == " Launched at UNCTAD 14."
    for sep in (n for n in notes.iter(W + "footnote") if n.get(W + "type")):
        assert next(sep.iter(W + "footnoteRef"), None) is None


def test_link_in_footnote_is_related_from_the_footnotes_part(written, content):
    assert content.footnotes[3].urls == [UPU_NOTE_URL]
    notes_rels = xml_part(written, "word/_rels/footnotes.xml.rels")
    doc_rels = xml_part(written, "word/_rels/document.xml.rels")
    link_rels = {r.get("Id"): r for r in notes_rels if r.get("Type").endswith("/hyperlink")}
    assert [r.get("Target") for r in link_rels.values()] == [UPU_NOTE_URL]
    assert all(r.get("TargetMode") == "External" for r in link_rels.values())
    assert UPU_NOTE_URL not in {r.get("Target") for r in doc_rels}
    notes = xml_part(written, "word/footnotes.xml")
    assert [h.get(R_ID) for h in notes.iter(W + "hyperlink")] == list(link_rels)


def test_body_hyperlink_and_italics(written, content):
    summary = by_text(content, "In 2025")
    assert summary.hyperlinks == [("eTrade for all", ETRADE)]
    assert summary.italic_spans == ["eTrade for all", "Global Trade Helpdesk"]
    doc_rels = xml_part(written, "word/_rels/document.xml.rels")
    assert any(r.get("Target") == ETRADE and r.get("TargetMode") == "External" for r in doc_rels)
    body = xml_part(written, "word/document.xml")
    link_run = next(body.iter(W + "hyperlink")).find(W + "r")
    assert link_run.find(W + "rPr/" + W + "rStyle").get(W + "val") == "Hyperlink"


def test_blocks_use_heading_list_and_masthead_styles(written, content):
    styles = [(p.style, p.is_list) for p in content.paragraphs]
    assert styles == [
        ("Masthead", False),
        ("Heading 1", False),
        ("Normal", False),
        ("Heading 2", False),
        ("List Bullet", True),
        ("List Bullet", True),
        ("List Bullet", True),
    ]
    assert content.paragraphs[0].text == (
        "Commission on Science and Technology for Development\nTwenty-ninth session"
    )
    # the list comes from the style's numPr, pointing at a bullet definition
    document = docx.Document(str(written))
    bullet = document.styles["List Bullet"].element
    num_id = bullet.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(W + "num") if n.get(W + "numId") == str(num_id))
    abstract_id = num.find(W + "abstractNumId").get(W + "val")
    abstract = next(
        a for a in numbering.findall(W + "abstractNum") if a.get(W + "abstractNumId") == abstract_id
    )
    assert abstract.find(W + "lvl/" + W + "numFmt").get(W + "val") == "bullet"


def test_styles_are_defined(written):
    styles = docx.Document(str(written)).styles
    assert styles["footnote text"].font.size.pt == 9
    assert styles["footnote reference"].font.superscript is True
    assert styles["Hyperlink"].font.underline is True
    assert styles["Hyperlink"].font.color.rgb is not None
    masthead = styles["Masthead"]
    assert masthead.font.bold and masthead.paragraph_format.alignment == 1  # CENTER


def test_a4_page_and_page_number_in_footer(written):
    section = docx.Document(str(written)).sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    footer = section.footer._element
    instrs = [f.get(W + "instr") for f in footer.iter(W + "fldSimple")]
    instrs += [t.text for t in footer.iter(W + "instrText")]
    assert any(i.split()[0] == "PAGE" for i in instrs)


def test_core_properties(content, written):
    assert content.core["title"] == "WSIS Action Line C7 e-business: joint input"
    assert content.core["author"] == "ITC; UNCTAD; UPU"
    assert content.core["subject"] == "CSTD 29th session"
    core = docx.Document(str(written)).core_properties
    assert (core.revision, core.last_modified_by, core.keywords, core.comments) == (1, "c7draft", "", "")


def test_a_reference_with_content_and_comments_gives_only_the_drafts(tmp_path):
    """A reference restyled from an old draft holds its paragraphs and comments: the new
    draft keeps its styles, page setup and properties, none of its text or comments."""
    reference = tmp_path / "reference.docx"
    old = make_draft()
    old.blocks = [Block("paragraph", [Run("Last year's text.")], comments=[Comment("An old remark.")])]
    write_docx(old, reference)
    restyled = docx.Document(str(reference))  # as Word saves it, revision counted up
    restyled.core_properties.revision = 7
    restyled.save(str(reference))
    out = tmp_path / "draft.docx"
    write_docx(make_draft(), out, reference=reference)
    content = read_docx(out)
    assert not [p for p in content.paragraphs if "Last year" in p.text]
    assert [c.text for c in content.comments] == ["Recycled from the 2024 input (92% similar)."]
    assert docx.Document(str(out)).core_properties.revision == 1


def test_a_reference_whose_styles_are_outside_the_file_is_refused(tmp_path):
    reference = tmp_path / "outside.docx"
    shipped = templates_dir() / "reference.docx"
    with zipfile.ZipFile(shipped) as src, zipfile.ZipFile(reference, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b'Target="styles.xml"', b'Target="http://example.org/s.xml" TargetMode="External"'
                )
            dst.writestr(item, data)
    with pytest.raises(DocumentReadError, match="takes its styles from outside the file"):
        write_docx(make_draft(), tmp_path / "draft.docx", reference=reference)
    assert not (tmp_path / "draft.docx").exists()


def test_comment_is_anchored_to_its_block(content):
    assert len(content.comments) == 1
    comment = content.comments[0]
    assert comment.text == "Recycled from the 2024 input (92% similar)."
    assert comment.anchored_text.startswith("In 2025 the eTrade for all initiative")
    assert comment.anchored_text.endswith("120 countries.")


def test_control_characters_are_removed(written, content):
    with zipfile.ZipFile(written) as z:
        for name in z.namelist():
            assert b"\x07" not in z.read(name) and b"\x01" not in z.read(name)
    assert by_text(content, "In 2025").text.endswith("120 countries.")
    assert docx_io.clean_xml_text("a\x00b\x0bc\ud800d\uffff\te\nf") == "abcd\te\nf"


# --- writing safely -----------------------------------------------------------------


def test_failed_write_leaves_previous_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "draft.docx"
    write_docx(make_draft(), target)
    before = target.read_bytes()

    def half(path, data: bytes) -> None:  # python-docx saves into memory; c7draft writes the zip
        path.write(data) if hasattr(path, "write") else Path(path).write_bytes(data)

    def broken_save(self, path):
        half(path, b"PK half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(docx.document.Document, "save", broken_save)
    with pytest.raises(OutputError) as err:
        write_docx(make_draft(), target)
    assert str(target) in str(err.value) and "hint:" in str(err.value)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["draft.docx"]

    def crashing_save(self, path):
        half(path, b"PK")
        raise RuntimeError("bug")

    monkeypatch.setattr(docx.document.Document, "save", crashing_save)
    with pytest.raises(RuntimeError):
        write_docx(make_draft(), target)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["draft.docx"]

    monkeypatch.undo()
    writestr = zipfile.ZipFile.writestr

    def disk_full(self, info, data, *args, **kwargs):
        writestr(self, info, data, *args, **kwargs)
        if self.filename is not None:  # the .docx on disk, half written
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", disk_full)
    with pytest.raises(OutputError):
        write_docx(make_draft(), target)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["draft.docx"]


def test_unwritable_target_is_an_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError):
        write_docx(make_draft(), blocker / "draft.docx")


def test_any_reference_docx_gets_the_missing_styles(tmp_path):
    """python-docx's bare template lacks Masthead, footnote and Hyperlink styles."""
    bare = Path(docx.__file__).parent / "templates" / "default.docx"
    out = tmp_path / "draft.docx"
    write_docx(make_draft(), out, reference=bare)
    content = read_docx(out)
    assert content.paragraphs[0].style == "Masthead"
    assert [p.is_list for p in content.paragraphs].count(True) == 3
    assert sorted(content.footnotes) == [1, 2, 3]


def test_a_draft_restyled_as_the_reference_lists_the_separators_once(written, tmp_path):
    """`--reference` a copy of an earlier draft: its settings list the separator notes
    already, and the new draft's list them once, not twice."""
    out = tmp_path / "draft.docx"
    write_docx(make_draft(), out, reference=written)
    pr = xml_part(out, "word/settings.xml").find(W + "footnotePr")
    assert [f.get(W + "id") for f in pr.findall(W + "footnote")] == ["-1", "0"]


def test_a_reference_with_short_settings_gets_the_footnote_settings_last(tmp_path):
    """A reference whose settings.xml has nothing that must follow `w:footnotePr` (a
    hand-made or converted file): the footnote settings are added at its end."""
    bare = Path(docx.__file__).parent / "templates" / "default.docx"
    reference = tmp_path / "reference.docx"
    with zipfile.ZipFile(bare) as src, zipfile.ZipFile(reference, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/settings.xml":
                data = (
                    f'<w:settings xmlns:w="{W[1:-1]}"><w:zoom w:percent="100"/>'
                    '<w:defaultTabStop w:val="720"/></w:settings>'
                ).encode()
            dst.writestr(item, data)
    out = tmp_path / "draft.docx"
    write_docx(make_draft(), out, reference=reference)
    settings = xml_part(out, "word/settings.xml")
    assert [c.tag for c in settings][-1] == W + "footnotePr"
    assert [f.get(W + "id") for f in settings.find(W + "footnotePr")] == ["-1", "0"]
    assert sorted(read_docx(out).footnotes) == [1, 2, 3]


def test_only_unedited_c7draft_output_is_replaceable(tmp_path):
    out = tmp_path / "draft.docx"
    docx_io.ensure_replaceable(out)  # nothing there yet
    write_docx(make_draft(), out)
    docx_io.ensure_replaceable(out)  # our own, untouched
    edited = docx.Document(str(out))
    edited.add_paragraph("A reviewer's addition.")
    edited.save(str(out))
    with pytest.raises(OutputError, match="edited or re-saved") as err:
        docx_io.ensure_replaceable(out)
    assert "--force" in str(err.value)
    docx_io.ensure_replaceable(out, force=True)
    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"my own notes")
    with pytest.raises(OutputError, match="not a Word document c7draft wrote"):
        docx_io.ensure_replaceable(notes)
    bare = Path(docx.__file__).parent / "templates" / "default.docx"
    with pytest.raises(OutputError, match="not written by c7draft"):
        docx_io.ensure_replaceable(bare)


# --- reading ------------------------------------------------------------------------


def test_read_docx_rejects_what_is_not_a_docx(tmp_path):
    fake = tmp_path / "notes.docx"
    fake.write_text("plain text")
    with pytest.raises(DocumentReadError) as err:
        read_docx(fake)
    assert str(fake) in str(err.value) and "hint:" in str(err.value)
    with pytest.raises(DocumentReadError):
        read_docx(tmp_path / "missing.docx")


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"%PDF-1.7\n", "a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word .doc (Word 97-2003) or another old Office file"),
        (b"{\\rtf1\\ansi", "an RTF file"),
    ],
)
def test_a_file_of_another_format_is_named_for_what_it_is(tmp_path, head, kind):
    """A reviewer sends a PDF, or a .doc renamed: the error says so, with the fix."""
    sent = tmp_path / "reviewed.docx"
    sent.write_bytes(head + b"\x00" * 100)
    with pytest.raises(DocumentReadError) as err:
        read_docx(sent)
    assert err.value.problem == f"Word document is {kind}, not a Word .docx file"
    assert "save it as 'Word Document (.docx)'" in err.value.hint


needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")


@needs_pandoc
def test_pandoc_sees_real_footnotes_and_a_list(written):
    md = subprocess.run(
        ["pandoc", str(written), "-t", "markdown", "--wrap=none"], check=True, capture_output=True, text=True
    ).stdout
    assert "initiative[^1] grew" in md and "Helpdesk*[^2] platform" in md
    assert f"[^3]: See *Ecom@Africa* at <{UPU_NOTE_URL}>." in md
    assert "^1^" not in md
    assert md.count("\n-   ") == 3
    assert "# Part 1: Executive Summary" in md and "## a) Technical" in md


@needs_pandoc
def test_reads_a_docx_made_by_pandoc_and_uses_it_as_reference(tmp_path):
    source = tmp_path / "in.md"
    source.write_text(
        "Body text[^a] and more[^b].\n\n- item\n\n[^a]: First *note*.\n\n"
        "[^b]: Second <https://example.org>.\n"
    )
    made = tmp_path / "pandoc.docx"
    subprocess.run(["pandoc", str(source), "-o", str(made)], check=True)
    content = read_docx(made)
    body = [p for p in content.paragraphs if p.text]
    assert body[0].text == "Body text and more."
    assert body[0].marked_text == "Body text[^1] and more[^2]."
    assert [n.text for n in content.footnotes.values()] == ["First note.", "Second https://example.org."]
    assert list(content.footnotes.values())[1].urls == ["https://example.org"]
    # a reference with footnotes of its own: they are replaced, separators stay consistent
    out = tmp_path / "draft.docx"
    write_docx(make_draft(), out, reference=made)
    assert sorted(read_docx(out).footnotes) == [1, 2, 3]
    notes = xml_part(out, "word/footnotes.xml")
    assert [n.get(W + "id") for n in notes.iter(W + "footnote")] == ["-1", "0", "1", "2", "3"]


def test_damaged_footnote_reference_is_a_clear_error(tmp_path):
    import zipfile as zf

    from c7draft.errors import DocumentReadError

    good = tmp_path / "good.docx"
    write_docx(make_draft(), good)
    bad = tmp_path / "bad.docx"
    with zf.ZipFile(good) as src, zf.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b'w:footnoteReference w:id="1"', b'w:footnoteReference w:id="x"')
            dst.writestr(item, data)
    with pytest.raises(DocumentReadError, match="damaged"):
        read_docx(bad)


def test_comments_enclose_their_sentence_keep_a_reviewers_name_and_time(tmp_path):
    """Anchors count a line break as one character and leave a footnote mark after the
    sentence outside (LibreOffice loses notes inside two comments' ranges); a comment past
    the text is on the whole paragraph; a reviewer's comment keeps author, initials and time."""
    block = Block(
        "paragraph",
        [
            Run("First line."),
            LineBreak(),
            Run("Second sentence."),
            FootnoteRef(1, (Run("A note."),)),
            Run(" Third."),
        ],
        comments=[
            Comment("On the second.", start=12, end=28),
            Comment("Whose line?", start=0, end=11, author="Ana Lopez", date="2026-02-03T10:00:00Z"),
            Comment("Past the end.", start=500),
        ],
    )
    out = tmp_path / "draft.docx"
    write_docx(Draft(title="t", authors=["ITC"], session=29, subject="s", blocks=[block]), out)
    comments = {c.text: c for c in read_docx(out).comments}
    assert not any(c.done or c.parent for c in comments.values())  # no paraId, no commentsExtended.xml
    assert comments["On the second."].anchored_text == "Second sentence."
    assert comments["Whose line?"].anchored_text == "First line."
    assert comments["Past the end."].anchored_text == "First line.\nSecond sentence. Third."
    body = xml_part(out, "word/document.xml")
    order = [e.tag.split("}")[1] for e in body.iter(W + "commentRangeEnd", W + "footnoteReference")]
    assert order == ["commentRangeEnd", "commentRangeEnd", "footnoteReference", "commentRangeEnd"]
    made = {c.get(W + "author"): c for c in xml_part(out, "word/comments.xml").iter(W + "comment")}
    assert made["Ana Lopez"].get(W + "initials") == "AL"
    assert made["Ana Lopez"].get(W + "date") == "2026-02-03T10:00:00Z"
    ours = [
        c for c in xml_part(out, "word/comments.xml").iter(W + "comment") if c.get(W + "author") == "c7draft"
    ]
    assert len(ours) == 2 and {c.get(W + "initials") for c in ours} == {"c7"}
    assert all(c.get(W + "date") != "2026-02-03T10:00:00Z" for c in ours)


def test_a_draft_without_blocks_is_still_a_document_word_opens(tmp_path):
    out = tmp_path / "empty.docx"
    write_docx(Draft(title="t", authors=["ITC"], session=29, subject="s", blocks=[]), out)
    body = xml_part(out, "word/document.xml").find(W + "body")
    assert [c.tag for c in body] == [W + "p", W + "sectPr"]


def _page_fields(path: Path) -> list[int]:
    """The footer paragraph of each PAGE field in the first section's footer."""
    footer = docx.Document(str(path)).sections[0].footer
    found = []
    for n, p in enumerate(footer.paragraphs):
        instrs = [f.get(W + "instr") for f in p._p.iter(W + "fldSimple")]
        instrs += [t.text for t in p._p.iter(W + "instrText")]
        found += [n for i in instrs if i.split()[:1] == ["PAGE"]]
    return found


def _reference_with_footer(path: Path, *paragraph_xml: str) -> Path:
    """python-docx's bare template, with a footer of these paragraphs (XML of their runs),
    saved at ``path``."""
    from docx.oxml import parse_xml

    doc = docx.Document(str(Path(docx.__file__).parent / "templates" / "default.docx"))
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    ns = f'xmlns:w="{W[1:-1]}"'
    for runs in paragraph_xml:
        footer._element.append(parse_xml(f"<w:p {ns}>{runs}</w:p>"))
    doc.save(str(path))
    return path


def test_the_page_number_is_added_once_and_after_the_footers_own_text(tmp_path, written):
    """The shipped reference has its page number already: no second one. A footer with text
    of its own keeps it, and the number goes in a centred paragraph after it; a number made
    as a complex field (Word's own) counts as one."""
    assert len(_page_fields(written)) == 1
    out = tmp_path / "draft.docx"
    write_docx(
        make_draft(),
        out,
        reference=_reference_with_footer(tmp_path / "text.docx", "<w:r><w:t>Confidential</w:t></w:r>"),
    )
    assert _page_fields(out) == [2]  # python-docx's empty paragraph, the text, the number
    footer = docx.Document(str(out)).sections[0].footer
    assert [p.text for p in footer.paragraphs][1] == "Confidential"
    assert footer.paragraphs[2].alignment == WD_ALIGN_PARAGRAPH.CENTER
    complex_field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText>'
        '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    write_docx(make_draft(), out, reference=_reference_with_footer(tmp_path / "field.docx", complex_field))
    assert len(_page_fields(out)) == 1


def test_runs_carry_bold_italics_spaces_and_links_of_several_runs(tmp_path):
    block = Block(
        "paragraph",
        [
            Run("Bold", bold=True),
            Run(" and "),
            Run("the eTrade ", url=ETRADE),
            Run("for all", italic=True, url=ETRADE),
            Run("."),
        ],
    )
    out = tmp_path / "draft.docx"
    write_docx(Draft(title="t", authors=["ITC"], session=29, subject="s", blocks=[block]), out)
    p = xml_part(out, "word/document.xml").find(f"{W}body/{W}p")
    runs = list(p.iter(W + "r"))
    assert [r.find(W + "rPr/" + W + "b") is not None for r in runs] == [True, False, False, False, False]
    space = "{http://www.w3.org/XML/1998/namespace}space"
    assert [r.find(W + "t").get(space) for r in runs] == [None, "preserve", "preserve", None, None]
    [link] = p.findall(W + "hyperlink")
    assert "".join(t.text for t in link.iter(W + "t")) == "the eTrade for all"
    assert link.findall(f"{W}r/{W}rPr/{W}i") and len(link.findall(W + "r")) == 2


@pytest.mark.parametrize("numbers", [(1, 1), (0,)], ids=["twice", "zero"])
def test_a_footnote_number_used_twice_or_not_positive_is_refused(tmp_path, numbers):
    block = Block("paragraph", [Run("Text")] + [FootnoteRef(n, (Run("A note."),)) for n in numbers])
    draft = Draft(title="t", authors=["ITC"], session=29, subject="s", blocks=[block])
    with pytest.raises(ValueError, match="is not unique and positive"):
        write_docx(draft, tmp_path / "draft.docx")


def _xml(text: str) -> etree._Element:
    """A fragment written as Word writes it (w:, mc:, v: and w14: declared)."""
    spaces = (
        f'xmlns:w="{W[1:-1]}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    )
    return etree.fromstring(text.replace("<w:p>", f"<w:p {spaces}>", 1))


def test_reading_skips_moved_away_text_and_a_text_box_kept_for_old_readers(tmp_path):
    """Text a reviewer moved away (w:moveFrom, not yet accepted) is not the paragraph's, and a
    text box's copy for old readers (mc:Fallback) is not read a second time."""
    block = Block("paragraph", [Run("Kept text.")])
    out = tmp_path / "draft.docx"
    write_docx(Draft(title="t", authors=["ITC"], session=29, subject="s", blocks=[block]), out)
    document = docx.Document(str(out))
    p = next(p for p in document.element.body.iter(W + "p") if "Kept text." in "".join(p.itertext()))
    p.append(
        _xml('<w:p><w:moveFrom w:id="1" w:author="A"><w:r><w:t> Moved away.</w:t></w:r></w:moveFrom></w:p>')[
            0
        ]
    )
    box = _xml(
        "<w:p><w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>In a box.</w:t></w:r></w:p>'
        "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>In a box.</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    p.addnext(box)
    document.save(str(out))
    texts = [para.text for para in read_docx(out).paragraphs]
    assert "Kept text." in texts and "Kept text. Moved away." not in texts
    assert texts.count("In a box.") == 1


@pytest.mark.parametrize("accept", [True, False])
def test_tracked_changes_inside_a_footnote_are_resolved_and_listed(tmp_path, accept):
    from c7draft.docx_io import read_reviewed

    block = Block("paragraph", [Run("Body."), FootnoteRef(1, (Run("Source A."),))])
    out = tmp_path / "draft.docx"
    write_docx(Draft(title="t", authors=["ITC"], session=29, subject="s", blocks=[block]), out)
    with zipfile.ZipFile(out) as z:
        members = {name: z.read(name) for name in z.namelist()}
    note = members["word/footnotes.xml"].decode()
    assert note.count("Source A.") == 1
    tracked = (
        '<w:del w:id="801" w:author="Ana" w:date="2026-02-03T10:00:00Z"><w:r><w:delText>Source A.</w:delText></w:r></w:del>'
        '<w:ins w:id="802" w:author="Ana" w:date="2026-02-03T10:00:00Z"><w:r><w:t>Source B.</w:t></w:r></w:ins>'
    )
    start = note.rindex("<w:r>", 0, note.index("Source A."))
    end = note.index("</w:r>", note.index("Source A.")) + len("</w:r>")
    members["word/footnotes.xml"] = (note[:start] + tracked + note[end:]).encode()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    content = read_reviewed(out, accept=accept)
    [footnote] = [f for f in content.footnotes.values() if f.text.strip()]
    assert footnote.text.strip() == ("Source B." if accept else "Source A.")
    assert sorted((c.kind, c.text, c.author) for c in content.tracked) == [
        ("delete", "Source A.", "Ana"),
        ("insert", "Source B.", "Ana"),
    ]
    assert all(c.footnote is not None for c in content.tracked)


def test_a_footnotes_part_of_another_content_type_is_read_as_no_footnotes(tmp_path):
    """A file whose footnotes part is declared as plain XML (python-docx then loads it as a
    part without markup) is read for its body, as Word opens it without its notes."""
    from c7draft.docx_io import read_reviewed

    out = tmp_path / "draft.docx"
    block = Block("paragraph", [Run("Body."), FootnoteRef(1, (Run("Source A."),))])
    write_docx(Draft(title="t", authors=["ITC"], session=29, subject="s", blocks=[block]), out)
    with zipfile.ZipFile(out) as z:
        members = {name: z.read(name) for name in z.namelist()}
    kind = b"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(kind, b"application/xml")
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    content = read_reviewed(out)
    assert [p.text for p in content.paragraphs] == ["Body."]
    assert content.footnotes == {}


def test_italic_titles_are_told_apart_by_a_note_or_plain_words_between(tmp_path):
    block = Block(
        "paragraph",
        [
            Run("Title A", italic=True),
            FootnoteRef(1, (Run("A note."),)),
            Run("Title B", italic=True),
            Run(" and "),
            Run("Title C", italic=True),
            Run(" "),
            Run("words"),
        ],
    )
    out = tmp_path / "draft.docx"
    write_docx(Draft(title="t", authors=["ITC"], session=29, subject="s", blocks=[block]), out)
    [paragraph] = [p for p in read_docx(out).paragraphs if "Title A" in p.text]
    assert paragraph.italic_spans == ["Title A", "Title B", "Title C"]


def test_a_comment_resolved_in_word_is_read_as_done_with_its_reply(tmp_path):
    from reviewing import Reviewer

    out = tmp_path / "draft.docx"
    write_docx(make_draft(), out)
    reviewer = Reviewer(out)
    reviewer.comment("In 2025 the", "Shorten this.", "Ana Lopez", reply=("Ben", "Done."))
    [(_, parent)] = reviewer.replies
    reviewer.save()
    # commentsExtended.xml lists the reply alone, as Word writes a comment nobody resolved
    assert not any(c.done for c in read_docx(out).comments)
    with zipfile.ZipFile(out) as z:
        members = {name: z.read(name) for name in z.namelist()}
    members["word/commentsExtended.xml"] = members["word/commentsExtended.xml"].replace(
        b"</w15:commentsEx>", f'<w15:commentEx w15:paraId="{parent}" w15:done="1"/></w15:commentsEx>'.encode()
    )
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    comments = {c.text: c for c in read_docx(out).comments}
    assert comments["Shorten this."].done and not comments["Done."].done
    assert comments["Done."].parent == comments["Shorten this."].id


def test_a_footnote_of_two_paragraphs_and_a_style_based_on_itself(tmp_path):
    """Word joins a note's paragraphs with a plain line break; a style whose base is itself
    (a damaged styles.xml) is read, not followed for ever."""
    out = tmp_path / "draft.docx"
    block = Block("paragraph", [Run("Body."), FootnoteRef(1, (Run("First.", italic=True),))])
    write_docx(Draft(title="t", authors=["ITC"], session=29, subject="s", blocks=[block]), out)
    with zipfile.ZipFile(out) as z:
        members = {name: z.read(name) for name in z.namelist()}
    notes = members["word/footnotes.xml"].decode()
    end = notes.index("</w:p>", notes.index("First.")) + len("</w:p>")
    members["word/footnotes.xml"] = (
        notes[:end] + "<w:p><w:r><w:t>Second.</w:t></w:r></w:p>" + notes[end:]
    ).encode()
    styles = members["word/styles.xml"].decode()
    normal = styles.index('w:styleId="Normal"')
    at = styles.index(">", normal) + 1
    members["word/styles.xml"] = (styles[:at] + '<w:basedOn w:val="Normal"/>' + styles[at:]).encode()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    content = read_docx(out)
    [note] = content.footnotes.values()
    assert note.text.endswith("First.\nSecond.")
    assert [p for p in note.pieces if p[1] == "\n"] == [("text", "\n", False, None)]
    assert [p.text for p in content.paragraphs] == ["Body."]


def test_without_comments_extended_a_comment_on_the_very_same_words_is_a_reply(tmp_path):
    """LibreOffice 7.4 saves a reply as a comment of its own on the words of the comment it
    answers, with no commentsExtended.xml to tie them."""
    block = Block(
        "paragraph",
        [Run("First sentence. Second sentence.")],
        comments=[
            Comment("Why?", start=0, end=15, author="Ana Lopez"),
            Comment("Because.", start=0, end=15, author="Ben"),
            Comment("Elsewhere.", start=16, end=32, author="Ben"),
        ],
    )
    out = tmp_path / "draft.docx"
    write_docx(Draft(title="t", authors=["ITC"], session=29, subject="s", blocks=[block]), out)
    comments = {c.text: c for c in read_docx(out).comments}
    assert comments["Because."].parent == comments["Why?"].id
    assert comments["Why?"].parent is None and comments["Elsewhere."].parent is None


def test_comments_on_no_words_or_without_their_text_are_no_replies(tmp_path):
    """Two comments at one point (on no words: Word's comment on a cursor) are not a comment
    and its reply, and a range whose comment is missing from comments.xml is passed over."""
    import re

    block = Block("paragraph", [Run("First sentence.")], comments=[Comment("Here?"), Comment("Or here?")])
    out = tmp_path / "draft.docx"
    write_docx(Draft(title="t", authors=["ITC"], session=29, subject="s", blocks=[block]), out)
    with zipfile.ZipFile(out) as z:
        members = {name: z.read(name) for name in z.namelist()}
    body = re.sub(r"<w:commentRangeEnd [^>]*/>", "", members["word/document.xml"].decode())
    body = re.sub(r'(<w:commentRangeStart w:id="(\d+)"/>)', r'\1<w:commentRangeEnd w:id="\2"/>', body)
    members["word/document.xml"] = body.replace(
        "<w:commentRangeStart", '<w:commentRangeStart w:id="77"/><w:commentRangeStart', 1
    ).encode()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    comments = read_docx(out).comments
    assert [(c.text, c.anchored_text, c.parent) for c in comments] == [
        ("Here?", "", None),
        ("Or here?", "", None),
    ]


def test_a_comment_range_started_between_paragraphs_is_on_the_next_one(tmp_path):
    """Word may start a comment's range between two paragraphs (selecting from the end of
    one): it belongs to the paragraph that follows, not to the one where the range ends."""
    import re

    blocks = [
        Block("paragraph", [Run("Before.")]),
        Block("paragraph", [Run("After.")], comments=[Comment("Why?")]),
        Block("paragraph", [Run("Later.")]),
    ]
    out = tmp_path / "draft.docx"
    write_docx(Draft(title="t", authors=["ITC"], session=29, subject="s", blocks=blocks), out)
    with zipfile.ZipFile(out) as z:
        members = {name: z.read(name) for name in z.namelist()}
    body = members["word/document.xml"].decode()
    start = re.search(r'<w:commentRangeStart w:id="\d+"/>', body).group()
    end = re.search(r'<w:commentRangeEnd w:id="\d+"/>', body).group()
    reference = re.search(r"<w:r>(?:(?!<w:r>).)*?<w:commentReference [^>]*/></w:r>", body).group()
    for piece in (start, end, reference):
        body = body.replace(piece, "")
    at = body.rindex("<w:p>", 0, body.index("After."))  # the paragraph's start tag
    body = body[:at] + start + body[at:]
    at = body.index("</w:p>", body.index("Later."))
    members["word/document.xml"] = (body[:at] + end + reference + body[at:]).encode()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    content = read_docx(out)
    [comment] = content.comments
    assert content.paragraphs[comment.paragraph].text == "After."
    assert comment.anchored_text == "After.\nLater."
