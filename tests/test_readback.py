"""Independent readers: LibreOffice and pandoc read the .docx c7draft writes.

Each sample build, and a set of generated edge-case builds, is converted to PDF with
LibreOffice headless: every footnote's text must be on the pages (text from pypdf). pandoc
must read as many real footnotes as the draft has. Slow (LibreOffice starts in seconds):
skip them locally with `-m "not slow"`; CI (.ci/run) installs both readers and runs them,
and there C7DRAFT_REQUIRE_READERS=1 turns a missing reader into a failure, not a skip.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from c7draft.assemble import load_draft
from c7draft.docx_io import write_docx
from helpers import libreoffice_convert, reader

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"


def _edge_case_folders(base: Path) -> dict[str, Path]:
    """Submissions generated from a fixed seed: markup and XML-special text in footnotes,
    right-to-left and CJK text, emoji, long bullets, hundreds of footnotes."""
    rng = random.Random(9)
    words = [
        "trade",
        "e-commerce",
        "<SMEs>",
        "R&D",
        "]]>",
        '"quoted"',
        "a<b",
        "&amp;",
        "x\u200fy",
        "التجارة",
        "电子商务",
        "🙂",
        "naïve",
        "{{x}}",
    ]

    def sentence(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    cases = {
        "xml-special": [
            {"id": "r1", "section": "2", "text": 'Escapes^[A note with <tags>, R&D, ]]> and "quotes".]'}
        ],
        "markup-in-notes": [
            {
                "id": "r1",
                "section": "3a",
                "text": "Linked[^n] and styled.",
                "footnotes": {"n": "See *the report* at [UNCTAD](https://unctad.org/a?b=1&c=2)."},
            }
        ],
        "scripts-and-emoji": [
            {"id": f"r{i}", "section": "2", "text": f"{sentence(8)}^[Note {i}: {sentence(6)}]"}
            for i in range(12)
        ],
        "long-bullet": [
            {"id": "r1", "section": "2", "text": sentence(2500) + "^[The end of a long bullet.]"}
        ],
        "many-notes": [
            {
                "id": f"r{i}",
                "section": ["2", "3a", "3b"][i % 3],
                "text": f"Bullet {i}^[Footnote number {i} of many.] and more^[Second note of bullet {i}.]",
            }
            for i in range(150)
        ],
    }
    submission = YAML(typ="safe", pure=True).load(MINIMAL / "submission.yaml")
    submission.pop("order")
    folders = {}
    for name, records in cases.items():
        folder = base / name
        folder.mkdir()
        shutil.copy(MINIMAL / "unctad.yaml", folder)
        for file, data in (
            ("submission.yaml", submission),
            ("itc.yaml", {"entity": "ITC", "records": records}),
        ):
            yaml = YAML(typ="safe", pure=True)
            yaml.allow_unicode = True
            with open(folder / file, "w", encoding="utf-8") as fh:
                yaml.dump(data, fh)
        folders[name] = folder
    return folders


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, tuple[Path, list[str]]]:
    """name -> (.docx, the footnote texts of the draft it was built from)."""
    base = tmp_path_factory.mktemp("readback")
    folders = {
        "sample-2023": ROOT / "sample_inputs" / "2023",
        "sample-2025": ROOT / "sample_inputs" / "2025",
        **_edge_case_folders(base),
    }
    out = {}
    for name, folder in folders.items():
        draft = load_draft(folder)
        path = base / f"{name}.docx"
        write_docx(draft, path)
        out[name] = (path, [note.text for note in draft.footnotes])
    assert len(out["many-notes"][1]) == 301  # and one in unctad.yaml
    return out


def _squeeze(text: str) -> str:
    """Text with no whitespace at all: line and page breaks fall anywhere in a PDF."""
    return re.sub(r"\s+", "", text)


def test_libreoffice_puts_every_footnote_text_on_the_pages(builds, tmp_path):
    from pypdf import PdfReader

    run = libreoffice_convert(  # its own profile: no clash with a running LibreOffice
        [path for path, _ in builds.values()], "pdf", tmp_path, tmp_path / "lo-profile", 600, check=False
    )
    assert run.returncode == 0, run.stderr
    for name, (path, notes) in builds.items():
        pdf = tmp_path / f"{path.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice wrote no PDF for {name}: {run.stdout} {run.stderr}"
        pages = _squeeze("".join(page.extract_text() or "" for page in PdfReader(pdf).pages))
        assert notes, name
        for note in notes:  # right-to-left and CJK text are laid out (and extracted) in their own
            # order, and the PDF's fonts may lack emoji: such a note is compared by its Latin runs
            pieces = re.findall(r"[\x21-\x7e]+", note) if name == "scripts-and-emoji" else [_squeeze(note)]
            for piece in pieces:
                assert piece in pages, f"{name}: footnote text {note!r} is not on the PDF's pages"


def test_pandoc_reads_as_many_real_footnotes_as_the_draft_has(builds):
    pandoc = reader("pandoc")
    for name, (path, notes) in builds.items():
        run = subprocess.run(
            [pandoc, "-f", "docx", "-t", "markdown", path], capture_output=True, text=True, timeout=120
        )
        assert run.returncode == 0, run.stderr
        definitions = re.findall(r"^\[\^(\d+)\]:", run.stdout, flags=re.M)
        references = re.findall(r"\[\^(\d+)\](?!:)", run.stdout)
        assert len(definitions) == len(notes), name
        assert sorted(set(references), key=int) == sorted(definitions, key=int), name
