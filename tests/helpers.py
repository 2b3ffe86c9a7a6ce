"""What many test files share: running the c7draft command as a user does, and the
independent readers (LibreOffice, pandoc) that read its output back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MINIMAL = Path(__file__).parent / "data" / "minimal"


def c7draft(
    *args,
    cwd: Path | None = None,
    cache: Path | None = None,
    env: dict | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess:
    """Run ``python -m c7draft ARGS`` in a fresh process; ``cache`` sets C7DRAFT_CACHE_DIR."""
    full_env = {**os.environ, **(env or {})}
    if cache is not None:
        full_env["C7DRAFT_CACHE_DIR"] = str(cache)
    return subprocess.run(
        [sys.executable, "-m", "c7draft", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=timeout,
    )


def edited(tmp_path: Path, source: Path, file: str, old: str, new: str) -> Path:
    """A copy of ``source`` (an inputs folder) in tmp_path/inputs, made once, with ``old``
    replaced by ``new`` in ``file``."""
    folder = tmp_path / "inputs"
    if not folder.exists():
        shutil.copytree(source, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def make_archive(folder: Path, files: int = 100, sentences: int = 205) -> Path:
    """``files`` priors of ``sentences`` + 1 sentences each (100 x 206: past the 20,000
    sentences from which the check keeps an archive index as .npy arrays)."""
    import random

    words = (
        "trade logistics exporters women firms digital platforms customs postal payments training "
        "workshop policy survey regional rural online market"
    ).split()
    rng = random.Random(1)
    for f in range(files):
        text = [f"Activity report {f}."] + [
            " ".join(rng.choice(words) for _ in range(12)).capitalize() + f" in case {f}-{s}."
            for s in range(sentences)
        ]
        (folder / f"doc{f:03d}.md").write_text("\n\n".join(text), encoding="utf-8")
    return folder


def reader(name: str) -> str:
    """The path of an independent reader (soffice, pandoc); the test is skipped without it,
    or fails where CI sets C7DRAFT_REQUIRE_READERS (.ci/run installs them)."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("C7DRAFT_REQUIRE_READERS"):
            pytest.fail(f"{name} is not installed (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return path


def libreoffice_convert(
    files: list[Path], fmt: str, outdir: Path, profile: Path, timeout: int = 300, check: bool = True
) -> subprocess.CompletedProcess:
    """``soffice --headless --convert-to FMT`` of ``files`` into ``outdir``, with a profile
    of the test's own so that runs side by side do not share one."""
    return subprocess.run(
        [
            reader("soffice"),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def pdf_with_pages(path: Path, pages: dict[int, list[str]], count: int) -> None:
    """A PDF of ``count`` pages; ``pages`` gives the lines of text on some of them (1-based)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    filler = writer._add_object(DecodedStreamObject())
    for n in range(1, count + 1):
        page = writer.add_blank_page(595, 842)
        lines = pages.get(n)
        if lines:
            content = DecodedStreamObject()
            text = " ".join(f"({line}) Tj 0 -30 Td" for line in lines)
            content.set_data(f"BT /F1 12 Tf 40 780 Td {text} ET".encode())
            page[NameObject("/Contents")] = writer._add_object(content)
        else:
            page[NameObject("/Contents")] = filler
        page[NameObject("/Resources")] = resources
    writer.write(path)
