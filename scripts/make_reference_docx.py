"""Regenerate templates/reference.docx from python-docx's own default template.

The reference .docx is the look of every draft: c7draft clears its body and fills it,
addressing styles by name. Users may restyle it in Word; this script is how the shipped
one is made, so it can be rebuilt and reviewed rather than edited as an opaque binary.
Run it with SOURCE_DATE_EPOCH set (as `make reference` does) and the file is byte-identical
from one run to the next.

    .venv/bin/python scripts/make_reference_docx.py [OUTPUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from c7draft.docx_io import (  # noqa: E402  (after the sys.path tweak)
    DEFAULT_LANGUAGE,
    ensure_styles,
    save_docx,
    set_language,
)

FONT = "Calibri"

# The type scale of a UN submission on A4: body 11 pt with 6 pt after; Part headings 13 pt
# bold; questionnaire prompts 11 pt italic (set apart by space, not by a bold block);
# footnotes 9 pt. Headings and prompts keep with the next paragraph: one never ends a page.
# (name, size pt, bold, italic, space before pt, space after pt)
HEADINGS = (("Heading 1", 13, True, False, 18, 6), ("Heading 2", 11, False, True, 12, 6))


def _plain_fonts(rpr_parent) -> None:
    """Name the font outright: theme fonts (asciiTheme=...) would override it."""
    rpr = rpr_parent.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)


def _word_2013_settings(settings) -> None:
    """compatibilityMode 15 (no "[Compatibility Mode]" in Word's title bar); no stale
    spell-check verdict or revision ids from python-docx's template."""
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    for tag in ("w:proofState", "w:rsids"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)


def _drop_unused_table_styles(styles_el) -> None:
    """python-docx's template carries 100 table styles (300 KB of styles.xml, parsed on
    every build); a submission has no tables. Keep the default table style only."""
    for style in styles_el.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:default")) != "1":
            styles_el.remove(style)


def build(output: Path) -> None:
    document = docx.Document()  # python-docx's default template
    styles = document.styles

    # Document defaults and Normal: 11 pt, single spacing, 6 pt after, widow/orphan control.
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rfonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    set_language(document, DEFAULT_LANGUAGE)
    _drop_unused_table_styles(styles.element)
    normal = styles["Normal"]
    _plain_fonts(normal.element)
    normal.font.size = Pt(11)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.0
    fmt.widow_control = True

    for name, size, bold, italic, before, after in HEADINGS:
        style = styles[name]
        rpr = style.element.get_or_add_rPr()
        for tag in ("w:rFonts", "w:color", "w:b", "w:bCs", "w:i", "w:iCs"):
            for el in rpr.findall(qn(tag)):
                rpr.remove(el)
        style.font.size = Pt(size)
        style.font.bold, style.font.italic = bold, italic
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.keep_with_next = fmt.keep_together = True

    ensure_styles(document)  # Masthead, footnote styles, Hyperlink, List Bullet numbering
    # Bullets are whole activity records: give each room, as a hand-made draft does.
    bullet = styles["List Bullet"]
    bullet.paragraph_format.space_after = Pt(6)
    for spacing in bullet.element.pPr.findall(qn("w:contextualSpacing")):
        bullet.element.pPr.remove(spacing)
    # The title block: centred bold lines, each group with air above it, so the
    # "WSIS Action Line" block stands clear of the disclaimer.
    masthead = styles["Masthead"]
    masthead.font.bold = True
    fmt = masthead.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.space_before, fmt.space_after = Pt(12), Pt(12)
    fmt.keep_with_next = fmt.keep_together = True
    notes = styles["footnote text"]
    notes.font.size = Pt(9)
    notes.paragraph_format.space_after = Pt(2)
    notes.paragraph_format.line_spacing = 1.0
    assert styles["List Bullet"].element.pPr.numPr.numId is not None
    assert styles["footnote reference"].type == WD_STYLE_TYPE.CHARACTER

    # A4 portrait, 2.5 cm margins.
    section = document.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)

    _word_2013_settings(document.settings.element)
    # No leftovers from python-docx's template: its thumbnail, the Word 2010 copy of the
    # styles (stylesWithEffects.xml would keep the old look), its bibliography custom XML.
    for r_id, rel in list(document.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            document.part.package.rels.pop(r_id)
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            document.part.drop_rel(r_id)
    props = document.core_properties
    props.title = "C7 e-business input to the CSTD (reference styles)"
    props.author = props.last_modified_by = "c7draft"
    props.subject = props.keywords = props.comments = ""

    output.parent.mkdir(parents=True, exist_ok=True)
    save_docx(document, output)  # clean app.xml, fixed times under SOURCE_DATE_EPOCH


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "templates" / "reference.docx"
    build(target)
    print(f"wrote {target}")
