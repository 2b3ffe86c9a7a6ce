"""Regenerate templates/reference.docx from python-docx's own default template.

The reference .docx is the look of every draft: c7draft clears its body and fills it,
addressing styles by name. Users may restyle it in Word; this script is how the shipped
one is made, so it can be rebuilt and reviewed rather than edited as an opaque binary.

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

from c7draft.docx_io import ensure_styles  # noqa: E402  (after the sys.path tweak)

FONT = "Calibri"


def _plain_fonts(rpr_parent) -> None:
    """Name the font outright: theme fonts (asciiTheme=...) would override it."""
    rpr = rpr_parent.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)


def build(output: Path) -> None:
    document = docx.Document()  # python-docx's default template
    styles = document.styles

    # Document defaults and Normal: 11 pt, single spacing, 6 pt after.
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rfonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    normal = styles["Normal"]
    _plain_fonts(normal.element)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0

    # Headings: bold black text, no theme colour or font.
    for name, size, before in (("Heading 1", 14, 18), ("Heading 2", 12, 12)):
        style = styles[name]
        rpr = style.element.get_or_add_rPr()
        for tag in ("w:rFonts", "w:color", "w:i", "w:iCs"):
            for el in rpr.findall(qn(tag)):
                rpr.remove(el)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(before), Pt(6), True

    ensure_styles(document)  # Masthead, footnote styles, Hyperlink, List Bullet numbering
    # Bullets are whole activity records: give each room, as a hand-made draft does.
    bullet = styles["List Bullet"]
    bullet.paragraph_format.space_after = Pt(6)
    for spacing in bullet.element.pPr.findall(qn("w:contextualSpacing")):
        bullet.element.pPr.remove(spacing)
    masthead = styles["Masthead"]
    masthead.font.bold = True
    masthead.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    assert styles["List Bullet"].element.pPr.numPr.numId is not None
    assert styles["footnote reference"].type == WD_STYLE_TYPE.CHARACTER

    # A4 portrait, 2.5 cm margins.
    section = document.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)

    # No leftovers from python-docx's template: its thumbnail, the Word 2010 copy of the
    # styles (stylesWithEffects.xml would keep the old look) and its metadata.
    for r_id, rel in list(document.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            document.part.package.rels.pop(r_id)
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(r_id)
    props = document.core_properties
    props.title = "C7 e-business input to the CSTD (reference styles)"
    props.author = props.last_modified_by = "c7draft"
    props.subject = props.keywords = props.comments = ""

    output.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(output))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "templates" / "reference.docx"
    build(target)
    print(f"wrote {target}")
