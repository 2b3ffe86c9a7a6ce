"""Read drafts and prior submissions of every format into the passages ``check`` compares.

A ``Document`` is a list of ``Passage``s (bullets and paragraphs of Parts 1-3, with a
location such as "Part 2, bullet 3") plus the CSTD session it was written for. Front
matter, Part headings and questionnaire prompts are left out: they repeat every year by
design. Parsed files are cached by content hash and file name (the name may give the
session), so an unchanged PDF is parsed only once.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DocumentReadError
from ..limits import collecting_notes, pdf_pages, read_file_bytes
from ..session import ordinal_words, session_for_reporting_year, session_year
from .converted_text import PART_HEADING, PROMPT, SUPERSCRIPT_DIGITS, TO_SUPERSCRIPT, WHOLE_WORD

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Draft

FORMATS = (".docx", ".pdf", ".md", ".txt")


@dataclass
class Passage:
    text: str
    location: str  # "Part 2, bullet 3", "Part 1, paragraph 2"
    entity: str | None = None  # "UNCTAD" when known (drafts built from YAML)
    block: int | None = None  # index in Draft.blocks (drafts built from YAML)
    is_bullet: bool = True  # False for a paragraph (Part 1, executive summary)
    source: dict | None = None  # {file, line, entity, record_id}: where a YAML draft's text is


@dataclass
class Document:
    name: str  # what reports call it: the file name
    session: int | None  # CSTD session, None when it cannot be told
    passages: Sequence[Passage] = field(default_factory=list)  # an index's priors: tables.PassageRows
    digest: str = ""  # sha256 of the file's bytes ("" for a Draft)
    path: str = ""
    notes: list[str] = field(default_factory=list)  # limits met while reading it

    @property
    def year(self) -> int | None:
        """The year the session meets (the submission reports on the year before)."""
        return None if self.session is None else session_year(self.session)


# --------------------------------------------------------------------------- sessions

# "twenty-ninth session" -> 29; the words come from the same function that writes them.
ORDINAL_WORDS: dict[str, int] = {ordinal_words(n): n for n in range(1, 100)}
ORDINAL_WORDS.update({w.replace("-", " "): n for w, n in list(ORDINAL_WORDS.items()) if "-" in w})
_ORDINAL_RE = "|".join(sorted(map(re.escape, ORDINAL_WORDS), key=len, reverse=True))
# One pattern for every way a masthead names the session: "Twenty-ninth session", "(to the
# 29th session of the CSTD)", or the reporting year ("on their efforts in 2025", "WSIS
# follow-up during 2023"; the session meets the year after).
_SESSION = re.compile(
    rf"\b(?:(?P<num>\d{{1,2}})(?:st|nd|rd|th)|(?P<word>{_ORDINAL_RE}))\s+session\b"
    r"|\b(?:efforts in|follow-up during)\s+(?P<year>(?:19|20)\d\d)\b",
    re.I,
)
_FILENAME_SESSION = re.compile(r"cstd[-_ ]?(\d{1,2})(?!\d)", re.I)


def detect_session(masthead: str, file_name: str = "") -> int | None:
    """The CSTD session a submission was written for, from its masthead lines or file name.

    ``masthead`` is the text before "Part 1" (never a bullet: "the first session of the
    expert group" in a bullet says nothing about the submission). The first line naming a
    session or a reporting year wins; else a file name like "cstd29-....txt"; else None.
    """
    for line in masthead.splitlines():
        m = _SESSION.search(line)
        if m:
            session = (
                int(m["num"])
                if m["num"]
                else ORDINAL_WORDS[m["word"].lower().replace("-", " ")]
                if m["word"]
                else session_for_reporting_year(int(m["year"]))
            )
            if 1 <= session <= 99:
                return session
    m = _FILENAME_SESSION.search(file_name)
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------- structure


@dataclass
class _Para:
    text: str
    is_bullet: bool
    heading: bool = False  # a Word heading style: never compared


def _structure(paras: Iterable[_Para], name: str) -> Document:
    """Give each body paragraph a location; keep front matter apart for session detection."""
    paras = [p for p in paras if p.text.strip()]
    has_parts = any(PART_HEADING.match(p.text) for p in paras)
    part: str | None = None if has_parts else ""
    section = ""
    counts: dict[tuple[str, str], int] = {}
    front: list[str] = []
    passages: list[Passage] = []
    for p in paras:
        text = p.text.strip()
        heading = PART_HEADING.match(text)
        if heading and len(text) < 200:
            part, section = heading.group(1), ""
            continue
        if part is None:
            front.append(text)
            continue
        prompt = PROMPT.match(text)
        if prompt or p.heading:
            if prompt:
                section = prompt.group(1)
            continue
        where = f"Part {part}" + (f" {section})" if section else "") if part else ""
        kind = "bullet" if p.is_bullet else "paragraph"
        counts[(where, kind)] = n = counts.get((where, kind), 0) + 1
        passages.append(
            Passage(text, f"{where}, {kind} {n}" if where else f"{kind} {n}", is_bullet=p.is_bullet)
        )
    if not has_parts:  # no Part headings: the masthead is what comes before the first bullet
        front = [p.text for p in itertools.takewhile(lambda p: not p.is_bullet, paras[:15])]
    return Document(name, detect_session("\n".join(front), name), passages)


def document_from_draft(draft: Draft, name: str = "this draft") -> Document:
    """The comparable blocks of an assembled draft: never front matter, headings or prompts."""
    passages = []
    counts: dict[tuple[str, str], int] = {}
    for i, block in enumerate(draft.blocks):
        if block.boilerplate or block.kind not in ("paragraph", "bullet"):
            continue
        where = block.location or ""
        counts[(where, block.kind)] = n = counts.get((where, block.kind), 0) + 1
        src = block.source
        source = (
            {"file": src.file, "line": src.line, "entity": src.entity, "record_id": src.record_id}
            if src
            else None
        )
        passages.append(
            Passage(
                block.text,
                f"{where}, {block.kind} {n}".lstrip(", "),
                src.entity if src else None,
                i,
                block.kind == "bullet",
                source,
            )
        )
    return Document(name, draft.session, passages)


# --------------------------------------------------------------------------- readers


def _read_pdf(path: Path) -> list[_Para]:
    return _paragraphs(read_pdf_converted(path))


def read_pdf_converted(path: Path):
    """A PDF's text as ``converted_text.ConvertedText`` (paragraphs and footnotes)."""
    from pypdf import PdfReader

    # pypdf logs what it repairs ("invalid pdf header", "EOF marker not found") on stderr;
    # a file it cannot read still raises, and becomes a DocumentReadError below.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:  # pypdf raises several types here
                raise DocumentReadError(
                    "the PDF is encrypted",
                    file=path,
                    hint="save an unprotected copy of the PDF and check that",
                ) from exc
        pages = [page.extract_text() or "" for page in pdf_pages(reader, path)]
    except DocumentReadError:
        raise
    except Exception as exc:  # pypdf raises many types (PdfReadError, KeyError, ...) on damaged files
        raise DocumentReadError(
            f"cannot read the PDF ({exc})",
            file=path,
            hint="open it in a PDF reader and export it again, or save the document as .docx",
        ) from exc
    text = pdf_text_to_converted(pages)
    if not text.strip():
        raise DocumentReadError(
            "the PDF has no extractable text (a scan?)",
            file=path,
            hint="run OCR on it, or use the Word version of the document",
        )
    from .converted_text import parse_converted_text

    return parse_converted_text(text)


# Bullet glyphs as PDF text extraction gives them; Word and LibreOffice bullets in the Symbol
# or Wingdings font come out as private-use characters (U+F0B7, U+F0A7, U+F076, ...).
_PDF_BULLET = re.compile(r"^\s*(?:[•●▪◦·\-–]\s+|[\uf0a7\uf0b7\uf076\uf0d8\uf0fc]\s*)")
_PDF_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?\s*$", re.I)
_PDF_FOOTNOTE = re.compile(r"^\s*(\d{1,2})\s+(?=\S)")
_PDF_MARKER = re.compile(r"(?<=[a-z)\].,;:”’\"])(\d{1,2})(?=[\s,.;:)]|$)")
_PDF_SENTENCE_END = re.compile(rf"[.!?:;…][”\"’)\]]*[{SUPERSCRIPT_DIGITS}]*$")
_PDF_END = re.compile(rf"[.!?:;…”\"’)][{SUPERSCRIPT_DIGITS}]*$")


def pdf_text_to_converted(pages: list[str]) -> str:
    """Bring pypdf's text (one string per page) close to the seeds' converted form.

    pypdf gives lines but no paragraph breaks, plain digits for superscripts and each
    page's footnotes at its foot. Here: a bullet glyph becomes "- "; a Part heading or a
    prompt ("a) ...") stands alone, with its wrapped lines (those starting in lower case
    or with "("); a short line ending a sentence ends its paragraph; page
    numbers go; a marker after a word or punctuation ("economy.1 Next", "review4,") becomes
    a superscript, never a number inside a word or after a space ("G20", "in 2023"); and
    from a page's first line "N text" whose N was such a marker, the rest of the page is
    footnotes, moved into a block of their own so ``parse_converted_text`` drops them and
    rejoins the paragraph they cut. Line-end hyphens are left to ``parse_converted_text``.
    """
    lines_per_page = [[ln.rstrip() for ln in page.replace("\r\n", "\n").split("\n")] for page in pages]
    lengths = sorted(len(ln.strip()) for page in lines_per_page for ln in page if ln.strip())
    full = lengths[int(len(lengths) * 0.9)] if lengths else 80  # a typical full line
    out: list[str] = []
    markers: set[int] = set()

    def marker(m: re.Match[str]) -> str:
        markers.add(int(m.group(1)))
        return m.group(1).translate(TO_SUPERSCRIPT)

    for page in lines_per_page:
        while page and not page[-1].strip():
            page.pop()
        if page and _PDF_PAGE_NUMBER.match(page[-1]):
            page.pop()
        if page and _PDF_PAGE_NUMBER.match(page[0]):
            page.pop(0)
        notes: list[str] = []
        heading = False  # the last line was a Part heading or prompt, which may wrap
        for line in page:
            text = line.strip()
            if (
                heading
                and text
                and (text[0].islower() or text[0] == "(")
                and not _PDF_BULLET.match(text)
                and not PROMPT.match(text)
            ):
                out[-1] += " " + text  # "b) Future actions ... stakeholders" / "(regional/...) ..."
                continue
            if heading:
                out.append("")
                heading = False
            fn = _PDF_FOOTNOTE.match(text)
            if fn and int(fn.group(1)) in markers and (notes or not PART_HEADING.match(text)):
                notes.append(fn.group(1).translate(TO_SUPERSCRIPT) + " " + text[fn.end() :])
                continue
            if notes:  # a footnote running over two lines
                notes[-1] += " " + text
                continue
            if not text:
                out.append("")
            elif PART_HEADING.match(text) or PROMPT.match(text):
                out += ["", text]
                heading = True
            else:
                bullet = _PDF_BULLET.match(text)
                if (
                    bullet
                    and bullet.group().strip() in "-–"
                    and out
                    and out[-1]
                    and not _PDF_SENTENCE_END.search(out[-1])
                ):
                    bullet = None  # a dash that wrapped to the start of a line mid-sentence
                body = _PDF_MARKER.sub(marker, text[bullet.end() :] if bullet else text)
                out.append(f"- {body}" if bullet else body)
                if _PDF_END.search(body) and len(text) < 0.8 * full:
                    out.append("")
        if notes:
            out += ["", *notes, ""]
    return "\n".join(_join_wrapped_words(out))


def _join_wrapped_words(lines: list[str]) -> list[str]:
    """Join "econo-" + "mies ..." when neither half is a word anywhere in the text.

    ``parse_converted_text`` already joins a wrap whose joined word occurs elsewhere and
    keeps "data-" + "driven" (both words); this catches the rest of a PDF's wraps.
    """
    words = {
        w.lower()
        for ln in lines  # (a line's first word may be the tail of a wrap)
        for w in WHOLE_WORD.findall(ln.split(" ", 1)[1] if " " in ln else "")
    }
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        head = re.search(r"(?<![\w-])([a-z]{2,})-$", prev)
        tail = re.match(r"([a-z]+)\b", line)
        if head and tail and head.group(1) not in words and tail.group(1) not in words:
            out[-1] = prev[:-1] + line
        else:
            out.append(line)
    return out


def _read_text(path: Path) -> list[_Para]:
    from .converted_text import read_converted_text

    return _paragraphs(read_converted_text(path))


def _paragraphs(converted) -> list[_Para]:
    return [_Para(p.text, p.is_bullet) for p in converted.paragraphs]


def _read_word(path: Path) -> list[_Para]:
    from ..docx_io import read_docx

    return [
        _Para(p.text, p.is_list, p.style.lower().startswith(("heading", "title")))
        for p in read_docx(path).paragraphs
    ]


_READERS = {".pdf": _read_pdf, ".docx": _read_word, ".txt": _read_text, ".md": _read_text}


def file_digest(path: Path) -> str:
    """sha256 of the file's bytes (of an inputs folder's YAML files); an unreadable file
    raises DocumentReadError."""
    try:
        if is_inputs_folder(path):
            digest = hashlib.sha256()
            for f in sorted(Path(path).glob("*.yaml")):
                digest.update(f.name.encode() + b"\0" + f.read_bytes())
            return digest.hexdigest()
        return hashlib.sha256(read_file_bytes(path)).hexdigest()  # regular files within the size limit
    except OSError as exc:
        raise DocumentReadError(
            f"cannot read the file: {exc.strerror or exc}",
            file=path,
            hint="check the path and that the file is readable",
        ) from exc


def read_document(path: Path, *, use_cache: bool = True, digest: str | None = None) -> Document:
    """Read one draft or prior submission (.docx, .pdf, .md, .txt), from the cache if unchanged.

    ``digest`` is the file's ``file_digest`` when the caller already has it.
    """
    path = Path(path)
    if is_inputs_folder(path):  # last year's YAML, e.g. listed under `priors:` by `init`
        return _read_inputs_folder(path, digest or file_digest(path))
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DocumentReadError(
            f"cannot check a {suffix or 'extension-less'} file",
            file=path,
            hint="give a .docx, .pdf, .md or .txt file, or a YAML inputs folder",
        )
    digest = digest or file_digest(path)
    cached = _cache_load(digest, path.name) if use_cache else None
    if cached is not None:
        cached.name, cached.path = path.name, str(path)
        return cached
    with collecting_notes() as notes:  # e.g. a PDF cut at the page limit
        doc = _structure(_READERS[suffix](path), path.name)
    doc.digest, doc.path, doc.notes = digest, str(path), notes
    if use_cache:
        _cache_store(doc)
    return doc


def is_inputs_folder(path: Path) -> bool:
    return Path(path).is_dir() and (Path(path) / "submission.yaml").is_file()


def _read_inputs_folder(path: Path, digest: str) -> Document:
    from ..assemble import load_draft
    from ..errors import InputError

    try:
        doc = document_from_draft(load_draft(path), path.name)
    except InputError as exc:  # a prior that does not load is skipped, like an unreadable file
        raise DocumentReadError(
            f"its YAML does not load ({exc.problem})", file=exc.file, line=exc.line
        ) from None
    doc.digest, doc.path = digest, str(path)
    return doc


def prior_paths(
    against: list[Path] | None, also: Iterable[Path] = (), listed: Iterable[Path] = ()
) -> list[Path]:
    """The prior documents to read: the shipped seeds (or only ``against``), plus the
    submission's `priors:` (``listed``; a missing one is skipped later with a note) and
    ``also`` from the command line. A YAML inputs folder is one prior."""
    if not against:
        from ..resources import seeds_dir

        out = sorted(
            p
            for p in seeds_dir().iterdir()
            if p.is_file() and p.suffix.lower() in FORMATS and p.name.lower() != "readme.md"
        )
    else:
        out = _expand(against, "--against")
    for item in listed:
        out += _expand([item], "") if Path(item).exists() else [Path(item)]
    out += _expand(also, "--also")
    first: dict[Path, Path] = {}  # each file once (by its real path), where it first came
    for p in out:
        first.setdefault(p.resolve(), p)
    return list(first.values())


def _expand(items: Iterable[Path], option: str) -> list[Path]:
    out: list[Path] = []
    for item in items:
        item = Path(item)
        if is_inputs_folder(item):
            out.append(item)
        elif item.is_dir():
            out.extend(
                sorted(
                    p
                    for p in item.rglob("*")
                    if p.is_file() and p.suffix.lower() in FORMATS and not p.name.startswith((".", "~$"))
                )
            )
        elif item.exists():  # a device or FIFO too: its reader refuses it, naming the limit
            if item.suffix.lower() not in FORMATS:
                raise DocumentReadError(
                    f"cannot check against a {item.suffix or 'extension-less'} file",
                    file=item,
                    hint="give .docx, .pdf, .md or .txt files, or folders of them",
                )
            out.append(item)
        else:
            raise DocumentReadError(
                "no such file or folder", file=item, hint=f"check the path given to {option or 'priors:'}"
            )
    return out


# --------------------------------------------------------------------------- cache


# The modules that read and normalise documents (the .docx reader included).
_CODE_FILES = (
    "check/readers.py",
    "check/converted_text.py",
    "check/text.py",
    "check/score.py",
    "check/index.py",
    "check/tables.py",
    "check/loader.py",
    "check/cache.py",
    "docx_io/reader.py",
    "limits.py",
)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code that reads and normalises documents: any change to it (a new
    c7draft release, a fix to the PDF reader) makes the caches miss instead of serving
    documents parsed the old way. Reading these files costs well under 1 ms."""
    digest = hashlib.sha256()
    from ..resources import templates_dir

    for name in _CODE_FILES:
        digest.update((Path(__file__).parent.parent / name).read_bytes())
    digest.update((templates_dir() / "stock_phrases.txt").read_bytes())  # removed before scoring
    return digest.hexdigest()[:16]


def cache_key(digest: str, name: str) -> str:
    """A cache entry's key: the file's bytes *and* its name, which may give the session
    ("cstd27-....pdf"), so a renamed file is read again rather than keep a stale session."""
    return f"{digest}.{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"


def _cache_entry(digest: str, name: str) -> str:
    """A read document's file name in the cache: by its bytes, its name and the code that read it."""
    return f"{cache_key(digest, name)}.{code_fingerprint()}.json"


def _cache_load(digest: str, name: str) -> Document | None:
    from .cache import Cache

    payload = Cache().read("documents", _cache_entry(digest, name))
    try:
        data = json.loads(payload) if payload is not None else None
        return data and Document(
            data["name"],
            data["session"],
            [Passage(**p) for p in data["passages"]],
            digest,
            data.get("path", ""),
            data.get("notes", []),
        )
    except (ValueError, TypeError, KeyError):  # a checksummed entry of another shape
        return None


def _cache_store(doc: Document) -> None:
    """Best effort: a read-only or full cache folder only costs speed."""
    from .cache import Cache

    Cache().write(
        "documents",
        _cache_entry(doc.digest, doc.name),
        json.dumps(asdict(doc), ensure_ascii=False).encode("utf-8"),
    )
