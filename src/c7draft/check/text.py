"""Normalisation, agency aliases, stock phrases and sentence splitting: what a sentence is
before it is compared (see ``c7draft.check`` for the whole pipeline)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..documents.pieces import SUPERSCRIPT_DIGITS as SUPERSCRIPTS

# --------------------------------------------------------------------------- normalisation


def _agency_aliases() -> dict[str, tuple[str, ...]]:
    """Each agency's names as drafters write them (templates/agencies.yaml: name, spellings
    and aliases), lower-cased and with "&" as "and", as they are matched; the short name,
    lower-cased, is the one word they all become."""
    from ..resources import known_agencies

    aliases = {}
    for agency in known_agencies():
        short = agency["short"].lower()
        names = [agency["name"], *agency.get("spellings", []), *agency.get("aliases", [])]
        forms = dict.fromkeys(" ".join(name.lower().replace("&", "and").split()) for name in names)
        aliases[short] = tuple(form for form in forms if form != short)
    return aliases


AGENCY_ALIASES = _agency_aliases()
# Token-level: first word -> [(alias tokens, canonical)], longest alias first.
_ALIASES: dict[str, list[tuple[list[str], str]]] = {}
for _short, _names_ in AGENCY_ALIASES.items():
    for _alias in _names_:
        _ALIASES.setdefault(_alias.split()[0], []).append((_alias.split(), _short))
for _list in _ALIASES.values():
    _list.sort(key=lambda a: -len(a[0]))
_AGENCIES = frozenset(AGENCY_ALIASES) - {"un"}
# Tokens that make ``raw_tokens`` do more than lower-case and split: a sentence with none of
# them (most sentences) skips its per-token loop.
_SPECIAL = frozenset(_ALIASES) | _AGENCIES | {"s"}

_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion trillion first second third fourth fifth sixth seventh "
    "eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
    "eighteenth nineteenth twentieth twentyfirst".split()
)

STOPWORDS = frozenset(
    "a an the and or nor but of to in on at by for from with as into onto over under than "
    "that this these those which who whom whose what where when while is are was were be been "
    "being has have had do does did will would shall should can could may might must it its "
    "their them they there here also such not no so if then both each all any more most other "
    "some very via per within between through about against during before after up down out "
    "our we us his her he she 0".split()
)

_TOKEN_RE = re.compile(r"[^\W_]+")
_CHAR_MAP = str.maketrans({"&": " and ", **{c: " " for c in SUPERSCRIPTS}})
# ``_TOKEN_RE`` on ASCII text, casefolded, as a table: a letter or digit is itself (lower
# case), anything else a space ("&" is "and" first: the table keeps CPython's fast path,
# which maps one ASCII character to one)
_ASCII_WORDS = str.maketrans({c: c.lower() if c.isalnum() else " " for c in map(chr, range(128))})


def raw_tokens(text: str) -> list[str]:
    """Lower-case word tokens with agencies' names canonical; numbers kept as written.

    Quotes, dashes and punctuation separate words and are dropped; a possessive "'s" is
    dropped; "the" before an agency's short name is dropped ("the UPU" = "UPU").
    """
    if text.isascii():  # most text: one translate and a split, 3-4 times quicker than the regex
        toks = (text.replace("&", " and ") if "&" in text else text).translate(_ASCII_WORDS).split()
    else:
        text = unicodedata.normalize("NFKC", text.translate(_CHAR_MAP))
        toks = _TOKEN_RE.findall(text.casefold())
    if _SPECIAL.isdisjoint(toks):
        return toks
    if _ALIASES.keys().isdisjoint(toks):  # no name to spell out: the loop below, in two passes
        if "s" in toks:
            toks = [t for t in toks if t != "s"]
        if _AGENCIES.isdisjoint(toks):
            return toks
        last = len(toks) - 1
        return [t for k, t in enumerate(toks) if not (t == "the" and k < last and toks[k + 1] in _AGENCIES)]
    out: list[str] = []
    k, n = 0, len(toks)
    while k < n:
        t = toks[k]
        k += 1
        if t == "s":  # "UNCTAD's", "countries'"
            continue
        for alias, short in _ALIASES.get(t, ()):
            if toks[k - 1 : k - 1 + len(alias)] == alias:
                t, k = short, k - 1 + len(alias)
                break
        if t in _AGENCIES and out and out[-1] == "the":
            out.pop()
        out.append(t)
    return out


_NUMBER_RE = re.compile(r"\d+(?:st|nd|rd|th|s)?")


class _Masked(dict):
    """``_mask`` of every token seen: an archive has a few tens of thousands of distinct words
    and millions of tokens, so each word is tested once, when first looked up; a lookup of
    a known word (``map(_MASKED.__getitem__, ...)``) runs in C."""

    def __missing__(self, token: str) -> str:
        masked = self[token] = (
            "0" if token in _NUMBER_WORDS or (token[0].isdigit() and _NUMBER_RE.fullmatch(token)) else token
        )
        return masked


_MASKED = _Masked()


def _mask(token: str) -> str:
    """Numbers ("2023", "6th", "1990s", "twenty") become "0"; "C7" or "G20" are names."""
    return _MASKED[token]


def tokens(text: str) -> list[str]:
    """The tokens used for comparing: ``raw_tokens`` with every number replaced by "0"."""
    return [_mask(t) for t in raw_tokens(text)]


def is_content(token: str) -> bool:
    """A word that carries meaning: not a stopword, a single letter or a number."""
    return token not in STOPWORDS and len(token) > 1


def content_words(toks: Iterable[str]) -> int:
    stop = STOPWORDS  # is_content, inlined: this runs for every sentence of an archive
    return sum(1 for t in toks if t not in stop and len(t) > 1)


def _stock_openings() -> list[list[str]]:
    """The phrases of templates/stock_phrases.txt as token lists ("YEAR" is any number)."""
    from ..resources import templates_dir

    lines = (templates_dir() / "stock_phrases.txt").read_text(encoding="utf-8").splitlines()
    return [
        tokens(ln.replace("YEAR", "2000")) for ln in lines if ln.strip() and not ln.lstrip().startswith("#")
    ]


_STOCK_OPENINGS: list[list[str]] | None = None
_STOCK_HEADS: frozenset[str] = frozenset()  # their first tokens: most sentences hold none


def _stock_drop(toks: list[str]) -> set[int]:
    """Positions of masked tokens ``toks`` inside a stock phrase."""
    global _STOCK_OPENINGS, _STOCK_HEADS
    if _STOCK_OPENINGS is None:
        _STOCK_OPENINGS = _stock_openings()
        _STOCK_HEADS = frozenset(phrase[0] for phrase in _STOCK_OPENINGS)
    drop: set[int] = set()
    if _STOCK_HEADS.isdisjoint(toks):
        return drop
    for phrase in _STOCK_OPENINGS:
        n, head = len(phrase), phrase[0]
        for k in range(len(toks) - n + 1):
            if toks[k] == head and toks[k : k + n] == phrase:
                drop.update(range(k, k + n))
    return drop


def remove_stock_phrases(raw: list[str]) -> list[str]:
    """``raw`` tokens without the stock phrases of templates/stock_phrases.txt, which every
    year's submission uses by design (compared with numbers masked: "YEAR" is any year)."""
    drop = _stock_drop([_mask(t) for t in raw])
    return [t for k, t in enumerate(raw) if k not in drop] if drop else raw


@lru_cache(maxsize=1)
def _register_by_first() -> dict[str, list[list[str]]]:
    """The phrases of templates/register_phrases.txt as token lists, by their first token."""
    from ..resources import templates_dir

    by_first: dict[str, list[list[str]]] = {}
    for line in (templates_dir() / "register_phrases.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase = tokens(line)
            by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


def register_positions(toks: Sequence[str]) -> set[int]:
    """Positions of ``toks`` covered by a phrase of the register (templates/register_phrases.txt:
    sharing one is not recycling). Looked up by first token: this runs for every pair a
    check scores."""
    by_first = _register_by_first()
    covered: set[int] = set()
    for k, t in enumerate(toks):
        for phrase in by_first.get(t, ()):
            n = len(phrase)
            if list(toks[k : k + n]) == phrase:
                covered.update(range(k, k + n))
    return covered


# --------------------------------------------------------------------------- sentences

# Words whose final full stop never ends a sentence. Single letters ("J. Smith", "U.S.")
# and "No." before a number are handled by the rules in ``_is_boundary``.
_ABBREVIATIONS = frozenset(
    "e.g i.e cf vs approx incl esp para paras art arts fig figs vol vols pp p ed eds rev "
    "mr mrs ms dr prof st inc ltd co corp dept govt jan feb mar apr jun jul aug sep sept oct "
    "nov dec no nos u.s u.k u.n e.u".split()
)
_BOUNDARY = re.compile(rf"([.!?…])([\"'”’)\]]*)([{SUPERSCRIPTS}]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9{SUPERSCRIPTS}])")


# the word (letters, digits, dots) that ends a text, matched at the start of the text
# reversed: ``search(r"[\w.]+$")`` would try every place of the text (~10 us a full stop)
_LAST_WORD_REVERSED = re.compile(r"[\w.]+")
_LETTER = re.compile(r"[a-z]")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    if match.group(1) != ".":
        return True
    before = text[max(0, match.start(1) - 40) : match.start(1)]
    word = _LAST_WORD_REVERSED.match(before[::-1])  # (a normalised text: no newline before the end)
    if not word:
        return True
    last = word.group(0)[::-1]
    w = last.lower()
    if w in _ABBREVIATIONS:
        # "No. 5" / "Dec. 2023" never end a sentence, "etc." only when a new sentence starts.
        return False
    if w == "etc":
        return not match.group(2)  # "(... etc.) and" is not an end; "etc. Powered" is
    if _LETTER.fullmatch(w) and last.isupper():  # an initial: "J. Smith"
        return False
    if _DOTTED.fullmatch(w):  # "U.S", "e.g" written without the last stop
        return False
    return True


def split_sentences(text: str) -> list[str]:
    """Split a paragraph or bullet into sentences.

    A full stop, "!" or "?" (then optional closing quotes, brackets and footnote markers)
    followed by a space and a capital letter, digit or opening quote ends a sentence,
    except after abbreviations such as "e.g.", "i.e.", "U.S.", "No." or an initial.
    "etc." ends one only when the next word starts a new sentence.
    """
    text = " ".join(text.split())
    sentences: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _is_boundary(text, m):
            sentences.append(text[start : m.start(4)].strip())
            start = m.end(4)
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


@dataclass
class Sentence:
    """A comparable sentence: where it is, its text and its normalised forms."""

    text: str
    doc: int  # index of its document in the index (or -1 for a draft)
    passage: int  # index of its bullet/paragraph within the document
    toks: list[str]
    raw: list[str]
    content: int
    enc: str = ""
    ids: list[int] = field(default_factory=list)
    names: frozenset[str] = frozenset()  # tokens of capitalised words (not the first word)
    cenc: str = ""  # ``enc`` of the content words only (score.content_enc)
    first: int = 0  # a window of two prior sentences (PriorIndex.windows): the first's content words
    phrases: set[int] | None = None  # ``index.shingles`` of ``ids`` (PriorIndex.passage_candidates)


def _names(sentence: str) -> frozenset[str]:
    words = sentence.split()[1:]
    return frozenset(
        t for w in words if w.lstrip("(\"'“‘[")[:1].isupper() for t in _TOKEN_RE.findall(w.casefold())
    )


def sentence_tokens(
    texts: Iterable[tuple[int, int, str]],
) -> Iterator[tuple[int, int, str, list[str], list[str]]]:
    """(document, passage, sentence, raw tokens, masked tokens) of each comparable sentence
    of (document, passage, text) triples: stock phrases removed, three tokens or more."""
    masked = _MASKED.__getitem__  # _mask, its memo read in C (millions of tokens in an archive)
    for doc, passage, text in texts:
        for s in split_sentences(text):
            raw = raw_tokens(s)
            toks = list(map(masked, raw))
            drop = _stock_drop(toks)
            if drop:
                raw = [t for k, t in enumerate(raw) if k not in drop]
                toks = [t for k, t in enumerate(toks) if k not in drop]
            if len(toks) >= 3:
                yield doc, passage, s, raw, toks


def make_sentences(texts: Iterable[tuple[int, int, str]], names: bool = True) -> list[Sentence]:
    """Sentences of (document, passage, text) triples; ``names`` only matters for drafts."""
    return [
        Sentence(s, doc, passage, toks, raw, content_words(toks), names=_names(s) if names else frozenset())
        for doc, passage, s, raw, toks in sentence_tokens(texts)
    ]
