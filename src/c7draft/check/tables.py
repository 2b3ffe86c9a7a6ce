"""Sentence tables: one prior file, parsed, as the cache keeps it (JSON, token ids in
base64), and the prior documents an index keeps of them (locations, not texts)."""

from __future__ import annotations

import base64
import json
from array import array
from collections.abc import Iterable, Sequence
from itertools import chain, count
from typing import TYPE_CHECKING

from .index import little_endian
from .text import sentence_tokens

if TYPE_CHECKING:  # pragma: no cover
    from ..documents import Document


def sentence_table(doc: Document) -> bytes:
    """One prior file, parsed: the per-file cache entry (JSON). Its sentences' tokens are
    ids into the file's own ``words``, so joining a thousand tables costs little."""
    # (the tokens only: no Sentence objects for a table)
    sentences = sentence_tokens((0, p, passage.text) for p, passage in enumerate(doc.passages))
    return json.dumps(table_of(doc, (s[1:3] + s[4:] for s in sentences)), ensure_ascii=False).encode("utf-8")


def table_of(doc: Document, sentences: Iterable[tuple]) -> dict:
    """The sentence table of ``doc`` whose (passage, text, tokens) are ``sentences``."""
    rows = list(sentences)
    # each word's id is its place in first-seen order; both passes run in C
    vocab = {t: k for k, t in enumerate(dict.fromkeys(chain.from_iterable(s[2] for s in rows)))}
    ids = array("i", map(vocab.__getitem__, chain.from_iterable(s[2] for s in rows)))
    return {
        "name": doc.name,
        "session": doc.session,
        "path": doc.path,
        "notes": doc.notes,
        # a YAML folder's passage also keeps its record ({file, line, entity, record_id}), so a
        # match names last year's record; a document's has none (and no third item)
        "passages": [[p.location, p.is_bullet, *([p.source] if p.source else [])] for p in doc.passages],
        "text": [s[1] for s in rows],
        "passage": [s[0] for s in rows],
        "len": [len(s[2]) for s in rows],
        "words": "\n".join(vocab),  # one string, not 1,000
        # int32 little-endian in base64: a thousand tables load without millions of ints
        "ids": base64.b64encode(little_endian(ids).tobytes()).decode("ascii"),
    }


def read_table(payload: bytes) -> dict | None:
    """A cached sentence table as ``sentence_table`` wrote it, or None for anything else (a
    checksummed entry of another shape: `{}`, `[]`, `1e99999`, `[` x 100,000), which is
    then parsed again from its file: every key of its type, the columns of one length, the
    token ids as many as the sentences' lengths add up to and each within ``words``."""
    try:
        t = json.loads(payload)
        if not (
            isinstance(t, dict)
            and all(isinstance(t.get(k), str) for k in ("name", "path", "words", "ids"))
            and all(isinstance(t.get(k), list) for k in ("notes", "passages", "text", "passage", "len"))
            and (t.get("session") is None or type(t["session"]) is int)
            and len(t["text"]) == len(t["passage"]) == len(t["len"])
            and all(type(n) is int and n >= 0 for n in t["len"])
            and all(type(p) is int and 0 <= p < len(t["passages"]) for p in t["passage"])
            and all(isinstance(x, str) for x in t["text"])
            and all(isinstance(r, list) and len(r) in (2, 3) and isinstance(r[0], str) for r in t["passages"])
            and all(_is_source(r[2]) for r in t["passages"] if len(r) == 3)
        ):
            return None
        ids = table_ids(t)
        if len(ids) != sum(t["len"]) or (ids and not 0 <= min(ids) <= max(ids) < len(table_words(t))):
            return None
        return t
    except (ValueError, TypeError, RecursionError):  # binascii.Error is a ValueError
        return None


def _is_source(source: object) -> bool:
    """A record's place as ``document_from_draft`` gives it, as reports read it."""
    return (
        isinstance(source, dict)
        and isinstance(source.get("file"), str)
        and type(source.get("line")) is int
        and all(source.get(k) is None or isinstance(source[k], str) for k in ("entity", "record_id"))
    )


def table_words(table: dict) -> list[str]:
    """A sentence table's own words: its token ids index this list."""
    return table["words"].split("\n") if table["words"] else []


def table_ids(table: dict) -> array:
    """A sentence table's token ids (int32), as ``sentence_table`` stored them."""
    return little_endian(array("i", base64.b64decode(table["ids"])))


class PassageRows(Sequence):
    """A prior's passages as an index keeps them: location (and a YAML record's place) only, made when asked for
    (a 1,000-file archive has 100,000 of them and a check reads a few)."""

    def __init__(self, rows: list):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, k):
        from ..documents import Passage

        location, is_bullet, *source = self.rows[k]
        return Passage("", location, is_bullet=is_bullet, source=source[0] if source else None)


def documents_of(tables: list[dict], digests: list[str]) -> list[Document]:
    """The prior documents of these tables; a passage keeps its location, not its text."""
    from ..documents import Document

    return [
        Document(
            t["name"],
            t["session"],
            PassageRows(t["passages"]),
            digest,
            t["path"],
            t.get("notes", []),
        )
        for t, digest in zip(tables, digests, strict=False)
    ]


class _Ids(dict):
    """Word -> id, each new word given the next id when first looked up."""

    def __init__(self, words: Iterable[str]):
        super().__init__(zip(words, count()))

    def __missing__(self, word: str) -> int:
        k = self[word] = len(self)
        return k


class TableParts:
    """The part of ``archive.ArchiveIndex.build`` done one sentence table at a time: each
    table's word ids made the archive's (a new word gets the next id as it is met, first
    seen first) and its sentences' texts as UTF-8. A cold check adds each table as it
    arrives from the parse's workers (``loader``), so this work overlaps the parse instead
    of following it on one core. No numpy here: with numpy imported during the parse (its
    BLAS thread alive in the process), a SIGTERM to the process group could leave the run
    hanging (tests/test_signal_probe.py); ``build`` makes arrays of these bytes."""

    def __init__(self, words: Sequence[str] = ()):
        self.vocab = _Ids(dict.fromkeys(words))
        self.tok: list[tuple[bytes, bytes]] = []  # each table's (archive id of its words, its token ids)
        self.texts: list[bytes] = []  # each table's sentences, UTF-8, one after another
        self.text_bytes: list[bytes] = []  # each sentence's length in bytes (int64)

    def add(self, t: dict) -> None:
        """Add table ``t``, taking its ``words`` and ``ids`` (freed at once: memory Python
        frees while the tables arrive is reused for the next ones')."""
        archive_id = array("i", map(self.vocab.__getitem__, table_words(t)))
        # (each token's archive id, archive_id[token id], is looked up by numpy in ``build``:
        # here, in Python, it would cost 0.4 s of a cold run's 1,000 tables)
        self.tok.append((archive_id.tobytes(), table_ids(t).tobytes()))
        del t["words"], t["ids"]
        texts = [s.encode("utf-8") for s in t["text"]]
        self.texts.append(b"".join(texts))
        self.text_bytes.append(array("q", map(len, texts)).tobytes())
