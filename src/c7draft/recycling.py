"""Find text recycled from earlier submissions, and bullets of one draft that say the same.

How it works, in four steps:

1. **Normalise.** Every sentence becomes a list of word tokens that ignores what drafters
   change without rewriting: case, quotes, dashes, punctuation, "&" for "and", an
   agency's name spelled out or renamed (``UN Trade & Development`` -> ``unctad``), and
   every number (years, counts, ordinals: all become ``0``).
2. **Segment.** Bullets and paragraphs are split into sentences (``split_sentences``).
3. **Score.** A pair of sentences scores the mean of two translation-memory style fuzzy
   ratios over the tokens (rapidfuzz's Indel ratio): ``r`` in word order and ``d`` on the
   words sorted, so a reordered list costs little. 100 means identical after
   normalisation; a difference only in numbers scores 99. A sentence that is mostly new
   but carries a recycled passage (at least ``min_passage`` matched words aligned at
   ``moderate_edit`` or better) scores that passage, capped below ``light_edit``.
   Sentences with fewer than ``min_words`` content words are never compared.
4. **Index.** Prior sentences are indexed by token (``PriorIndex``) so a draft is not
   compared with every archived sentence. The candidate search is exact for the sentence
   score: see ``PriorIndex.candidates``.
"""

from __future__ import annotations

import enum
import math
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from .model import Draft
    from .priors import Document

# Bump when normalisation or segmentation changes: cached indexes are then rebuilt.
NORMALISATION_VERSION = 1


# --------------------------------------------------------------------------- bands


class Band(enum.Enum):
    """Fuzzy-match bands, from the most to the least similar."""

    VERBATIM = "verbatim"
    NEAR_VERBATIM = "near-verbatim"
    LIGHT_EDIT = "light edit"
    MODERATE_EDIT = "moderate edit"

    @property
    def label(self) -> str:
        return self.value

    @property
    def rank(self) -> int:
        """3 for verbatim down to 0 for moderate edit: higher is more similar."""
        return len(Band) - 1 - list(Band).index(self)

    @classmethod
    def parse(cls, text: str) -> "Band":
        """Accept "light edit", "light-edit", "light_edit", "LIGHT_EDIT" or just "light"."""
        key = re.sub(r"[\s_-]+", "", str(text).lower())
        for band in cls:
            if key in (re.sub(r"[\s_-]+", "", band.value), band.value.split()[0].replace("-", "")):
                return band
        choices = ", ".join(b.value for b in cls)
        raise ValueError(f"unknown band {text!r}; choose one of: {choices}")

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Thresholds:
    """Score cut-offs (0-100) of the bands and the minimum sizes of a comparable text.

    The defaults follow translation-memory fuzzy bands (100 / 95-99 / 85-94 / 75-84) and
    were checked against tests/data/labelled_pairs.yaml (see docs/check.md).
    """

    near_verbatim: int = 95
    light_edit: int = 85
    moderate_edit: int = 75
    min_words: int = 6       # content words (not "the", "of", ...) a sentence needs
    min_passage: int = 10    # matched words a recycled passage inside a new sentence needs

    def __post_init__(self) -> None:
        if not 0 < self.moderate_edit <= self.light_edit <= self.near_verbatim <= 100:
            raise ValueError("thresholds must satisfy 0 < moderate_edit <= light_edit <= near_verbatim <= 100")

    def band(self, score: int) -> Band | None:
        if score >= 100:
            return Band.VERBATIM
        if score >= self.near_verbatim:
            return Band.NEAR_VERBATIM
        if score >= self.light_edit:
            return Band.LIGHT_EDIT
        if score >= self.moderate_edit:
            return Band.MODERATE_EDIT
        return None

    def floor(self, band: Band) -> int:
        return {Band.VERBATIM: 100, Band.NEAR_VERBATIM: self.near_verbatim,
                Band.LIGHT_EDIT: self.light_edit, Band.MODERATE_EDIT: self.moderate_edit}[band]


# --------------------------------------------------------------------------- normalisation

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_RE = re.compile(f"[{SUPERSCRIPTS}]+")

# Agencies' names as drafters write them, longest first; matched after "&" became "and".
AGENCY_ALIASES: dict[str, tuple[str, ...]] = {
    "unctad": ("united nations conference on trade and development", "un trade and development",
               "united nations trade and development"),
    "itc": ("international trade centre", "international trade center"),
    "upu": ("universal postal union",),
    "itu": ("international telecommunication union",),
    "wto": ("world trade organization", "world trade organisation"),
    "unido": ("united nations industrial development organization",),
    "eclac": ("economic commission for latin america and the caribbean", "uneclac"),
    "undp": ("united nations development programme",),
    "un": ("united nations",),
}
_ALIAS_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(a) for names in AGENCY_ALIASES.values() for a in names),
                             key=len, reverse=True)) + r")\b")
_ALIAS_TO = {a: short for short, names in AGENCY_ALIASES.items() for a in names}

_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion trillion first second third fourth fifth sixth seventh "
    "eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
    "eighteenth nineteenth twentieth twentyfirst".split())

STOPWORDS = frozenset(
    "a an the and or nor but of to in on at by for from with as into onto over under than "
    "that this these those which who whom whose what where when while is are was were be been "
    "being has have had do does did will would shall should can could may might must it its "
    "their them they there here also such not no so if then both each all any more most other "
    "some very via per within between through about against during before after up down out "
    "our we us his her he she 0".split())

_TOKEN_RE = re.compile(r"[^\W_]+")
_APOSTROPHE_S = re.compile(r"(?<=\w)'s\b")
_CHAR_MAP = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"',
                           "–": " ", "—": " ", "‑": "-", "‒": " ", "−": " ", "&": " and "})


def raw_tokens(text: str) -> list[str]:
    """Lower-case word tokens with agencies' names canonical; numbers kept as written."""
    text = _SUPERSCRIPT_RE.sub(" ", text)
    text = unicodedata.normalize("NFKC", text.translate(_CHAR_MAP)).casefold()
    text = _APOSTROPHE_S.sub("", text)
    text = _ALIAS_RE.sub(lambda m: _ALIAS_TO[m.group(1)], text)
    return _TOKEN_RE.findall(text)


def _mask(token: str) -> str:
    return "0" if token in _NUMBER_WORDS or any(c.isdigit() for c in token) else token


def tokens(text: str) -> list[str]:
    """The tokens used for comparing: ``raw_tokens`` with every number replaced by "0"."""
    return [_mask(t) for t in raw_tokens(text)]


def content_words(toks: Iterable[str]) -> int:
    return sum(1 for t in toks if t not in STOPWORDS and len(t) > 1)


# --------------------------------------------------------------------------- sentences

# Words whose final full stop never ends a sentence. Single letters ("J. Smith", "U.S.")
# and "No." before a number are handled by the rules in ``_is_boundary``.
_ABBREVIATIONS = frozenset(
    "e.g i.e cf vs approx incl esp para paras art arts fig figs vol vols pp p ed eds rev "
    "mr mrs ms dr prof st inc ltd co corp dept govt jan feb mar apr jun jul aug sep sept oct "
    "nov dec no nos u.s u.k u.n e.u".split())
_BOUNDARY = re.compile(
    rf"([.!?…])([\"'”’)\]]*)([{SUPERSCRIPTS}]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9{SUPERSCRIPTS}])")


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    if match.group(1) != ".":
        return True
    before = text[:match.start(1)]
    word = re.search(r"([\w.]+)$", before)
    if not word:
        return True
    w = word.group(1).lower()
    if w in _ABBREVIATIONS:
        # "No. 5" / "Dec. 2023" never end a sentence, "etc." only when a new sentence starts.
        return False
    if w == "etc":
        return not match.group(2)  # "(... etc.) and" is not an end; "etc. Powered" is
    if re.fullmatch(r"[a-z]", w) and word.group(1).isupper():  # an initial: "J. Smith"
        return False
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):  # "U.S", "e.g" written without the last stop
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
            sentences.append(text[start:m.start(4)].strip())
            start = m.end(4)
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


# --------------------------------------------------------------------------- results


@dataclass
class Match:
    draft_text: str
    prior_text: str
    prior_source: str           # file name of the prior document (or the draft's own name)
    prior_year: int | None      # the year of the prior's CSTD session (1997 + session)
    prior_session: int | None
    draft_location: str         # "Part 2, bullet 3"
    prior_location: str
    score: int                  # 0-100
    band: Band
    kind: str = "prior"         # "prior" | "within draft"
    passage: bool = False       # True: a recycled passage inside an otherwise new sentence
    draft_block: int | None = None  # index in Draft.blocks, for ``annotate``
    prior_block: int | None = None

    def to_json_dict(self) -> dict:
        return {
            "draft_text": self.draft_text, "prior_text": self.prior_text,
            "prior_source": self.prior_source, "prior_year": self.prior_year,
            "prior_session": self.prior_session, "draft_location": self.draft_location,
            "prior_location": self.prior_location, "score": self.score,
            "band": self.band.label, "kind": self.kind, "passage": self.passage,
        }


@dataclass
class CheckReport:
    matches: list[Match]
    notes: list[str] = field(default_factory=list)
    draft_name: str = ""
    draft_session: int | None = None
    priors: list[dict] = field(default_factory=list)  # name, session, year, sentences
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def draft_year(self) -> int | None:
        return session_year(self.draft_session)

    def max_band(self) -> Band | None:
        return max((m.band for m in self.matches), key=lambda b: b.rank, default=None)

    def has_band_at_least(self, band: Band) -> bool:
        best = self.max_band()
        return best is not None and best.rank >= band.rank

    def to_json_dict(self) -> dict:
        t = self.thresholds
        return {
            "draft": self.draft_name, "draft_session": self.draft_session,
            "draft_year": self.draft_year,
            "thresholds": {"verbatim": 100, "near-verbatim": t.near_verbatim,
                           "light edit": t.light_edit, "moderate edit": t.moderate_edit,
                           "min_words": t.min_words, "min_passage": t.min_passage},
            "priors": self.priors,
            "notes": self.notes,
            "matches": [m.to_json_dict() | {"draft_session": self.draft_session,
                                            "draft_year": self.draft_year} for m in self.matches],
        }


def session_year(session: int | None) -> int | None:
    return None if session is None else 1997 + session


# --------------------------------------------------------------------------- scoring


class Vocabulary:
    """Token <-> id, and each id as one character so rapidfuzz compares token sequences."""

    def __init__(self, words: Sequence[str] = ()):
        self.words: list[str] = list(words)
        self.ids: dict[str, int] = {w: i for i, w in enumerate(self.words)}

    def id(self, word: str, add: bool = True) -> int:
        i = self.ids.get(word)
        if i is None:
            i = len(self.words)
            if add:
                self.words.append(word)
                self.ids[word] = i
        return i

    @staticmethod
    def char(i: int) -> str:
        cp = 0x100 + i
        return chr(cp + 0x800 if cp >= 0xD800 else cp)  # skip the surrogate range

    def encode(self, toks: Sequence[str], add: bool = True) -> tuple[list[int], str]:
        ids = [self.id(t, add) for t in toks]
        return ids, "".join(self.char(i) for i in ids)


def _blend(ex: str, ey: str) -> float:
    """Mean of the ratio in word order and the ratio of the sorted words (0-100)."""
    from rapidfuzz import fuzz

    return (fuzz.ratio(ex, ey) + fuzz.ratio("".join(sorted(ex)), "".join(sorted(ey)))) / 2


@dataclass
class Sentence:
    """A comparable sentence: where it is, its text and its normalised forms."""

    text: str
    doc: int          # index of its document in the index (or -1 for a draft)
    passage: int      # index of its bullet/paragraph within the document
    toks: list[str]
    raw: list[str]
    content: int
    enc: str = ""
    ids: list[int] = field(default_factory=list)


def make_sentences(texts: Iterable[tuple[int, int, str]]) -> list[Sentence]:
    out = []
    for doc, passage, text in texts:
        for s in split_sentences(text):
            raw = raw_tokens(s)
            toks = [_mask(t) for t in raw]
            if len(toks) >= 3:
                out.append(Sentence(s, doc, passage, toks, raw, content_words(toks)))
    return out


def score_pair(x: Sentence, y: Sentence, th: Thresholds) -> tuple[int, bool]:
    """(score, is_passage) for two encoded sentences; 0 when not comparable."""
    if x.content < th.min_words or y.content < th.min_words:
        return 0, False
    if x.enc == y.enc:
        return (100 if x.raw == y.raw else 99), False
    whole = min(_blend(x.enc, y.enc), 99.0)
    if whole >= th.light_edit:
        return int(whole), False
    part = _passage_score(x, y, th)
    if part > whole:
        return int(min(part, th.light_edit - 1)), True
    return int(whole), False


def _passage_score(x: Sentence, y: Sentence, th: Thresholds) -> float:
    """The best blend score of an aligned region holding >= min_passage matched words."""
    from rapidfuzz.distance import Indel

    blocks = [(op.src_start, op.src_end, op.dest_start, op.dest_end)
              for op in Indel.opcodes(x.enc, y.enc) if op.tag == "equal"]
    best = 0.0
    floor = th.moderate_edit / 100 - 0.1
    for p in range(len(blocks)):
        matched = 0
        for q in range(p, len(blocks)):
            matched += blocks[q][1] - blocks[q][0]
            if matched < th.min_passage:
                continue
            i1, i2, j1, j2 = blocks[p][0], blocks[q][1], blocks[p][2], blocks[q][3]
            if 2 * matched / (i2 - i1 + j2 - j1) < floor:
                continue
            if content_words(x.toks[i1:i2]) < th.min_words:
                continue
            best = max(best, _blend(x.enc[i1:i2], y.enc[j1:j2]))
    return best if best >= th.moderate_edit else 0.0


# --------------------------------------------------------------------------- index

_SHINGLE = 4           # words per shingle for finding recycled passages
_SHINGLE_MAX_DF = 200  # a 4-word phrase in more prior sentences than this is idiom, not recycling
_MOD = (1 << 61) - 1


def _shingles(ids: Sequence[int], toks: Sequence[str]) -> set[int]:
    out = set()
    for k in range(len(ids) - _SHINGLE + 1):
        if all(t in STOPWORDS for t in toks[k:k + _SHINGLE]):
            continue
        h = 0
        for i in ids[k:k + _SHINGLE]:
            h = (h * 1_000_003 + i + 1) % _MOD
        out.add(h)
    return out


class PriorIndex:
    """Prior sentences with a token index (exact candidates) and a shingle index (passages).

    Exactness: the sentence score is at most ``d``, the ratio of the sorted token lists,
    which equals 200 * |x ∩ y| / (|x| + |y|) over token multisets. So a pair scoring at least
    t (as a fraction) shares at least ``ceil(t * |x| / (2 - t))`` tokens, and by pigeonhole
    at least one of the ``|x| - that + 1`` rarest tokens of x occurs in y. Probing the
    postings of those tokens, and keeping lengths within ``[t/(2-t), (2-t)/t] * |x|``,
    finds every such pair; candidates are then scored exactly. bench/archive_check.py
    confirms the match sets equal an exhaustive rapidfuzz ``process.cdist``.
    """

    def __init__(self, documents: list["Document"], progress=None):
        self.documents = documents
        self.vocab = Vocabulary()
        self.sentences = make_sentences(
            (d, p, passage.text) for d, doc in enumerate(documents) for p, passage in enumerate(doc.passages))
        df: Counter[int] = Counter()
        for s in self.sentences:
            s.ids, s.enc = self.vocab.encode(s.toks)
            df.update(set(s.ids))
        self.df = array("I", (df.get(i, 0) for i in range(len(self.vocab.words))))
        # Token postings as CSR: sentences holding token i are post_ids[off[i]:off[i+1]].
        off = array("I", [0]) * (len(self.df) + 1)
        for i, n in enumerate(self.df):
            off[i + 1] = off[i] + n
        fill = array("I", off)
        post = array("I", [0]) * off[-1]
        shingles: list[tuple[int, int]] = []
        for sid, s in enumerate(self.sentences):
            for i in set(s.ids):
                post[fill[i]] = sid
                fill[i] += 1
            shingles.extend((h, sid) for h in _shingles(s.ids, s.toks))
        self.post_off, self.post_ids = off, post
        shingles.sort()
        self.sh_keys = array("q", (h - (1 << 62) for h, _ in shingles))
        self.sh_ids = array("I", (sid for _, sid in shingles))
        self.lengths = array("H", (min(len(s.ids), 65535) for s in self.sentences))
        self.sorted_enc = ["".join(sorted(s.enc)) for s in self.sentences]

    def encode(self, sentences: list[Sentence]) -> None:
        """Give draft sentences ids in this index's vocabulary (unknown words never match)."""
        probe = Vocabulary(self.vocab.words)
        probe.ids = self.vocab.ids  # shared, read-only: new words get ids past the end
        for s in sentences:
            s.ids = [probe.ids.get(t, len(self.df)) for t in s.toks]
            s.enc = "".join(Vocabulary.char(i) for i in s.ids)

    def _postings(self, i: int) -> array:
        if i >= len(self.df):
            return array("I")
        return self.post_ids[self.post_off[i]:self.post_off[i + 1]]

    def candidates(self, x: Sentence, t: float) -> set[int]:
        """Every prior sentence whose sorted-token ratio with x can reach t (0-1]."""
        n = len(x.ids)
        need = math.ceil(t * n / (2 - t) - 1e-9)  # tokens any match must share
        rarest = sorted(x.ids, key=lambda i: (self.df[i] if i < len(self.df) else 0, i))
        found: set[int] = set()
        for i in set(rarest[:n - need + 1]):
            found.update(self._postings(i))
        lo, hi = t * n / (2 - t) - 1e-9, (2 - t) * n / t + 1e-9
        lengths = self.lengths
        return {c for c in found if lo <= lengths[c] <= hi}

    def passage_candidates(self, x: Sentence, min_shared: int = 2) -> set[int]:
        """Prior sentences sharing at least ``min_shared`` uncommon 4-word phrases with x."""
        counts: Counter[int] = Counter()
        keys = self.sh_keys
        for h in _shingles(x.ids, x.toks):
            k = h - (1 << 62)
            lo = bisect_left(keys, k)
            hi = bisect_right(keys, k, lo)
            if 0 < hi - lo <= _SHINGLE_MAX_DF:
                counts.update(set(self.sh_ids[lo:hi]))
        return {c for c, n in counts.items() if n >= min_shared}

    def search(self, draft: list[Sentence], th: Thresholds) -> list[tuple[int, int, int, bool]]:
        """(draft sentence no., prior sentence id, score, is_passage) for every pair at or
        above ``th.moderate_edit``."""
        from rapidfuzz import fuzz

        t = th.moderate_edit / 100
        out = []
        for k, x in enumerate(draft):
            if x.content < th.min_words or not x.ids:
                continue
            sx = "".join(sorted(x.enc))
            cands = {c for c in self.candidates(x, t)
                     if fuzz.ratio(sx, self.sorted_enc[c], score_cutoff=th.moderate_edit)}
            cands |= self.passage_candidates(x)
            for c in cands:
                score, part = score_pair(x, self.sentences[c], th)
                if score >= th.moderate_edit:
                    out.append((k, c, score, part))
        return out

    def ratio_search(self, draft_encoded: list[str], cutoff: float) -> set[tuple[int, int]]:
        """Pairs whose plain token ``fuzz.ratio`` >= cutoff: the bench's exactness check."""
        from rapidfuzz import fuzz

        t = cutoff / 100
        out = set()
        for k, enc in enumerate(draft_encoded):
            x = Sentence("", -1, -1, [], [], 0, enc, [ord(c) for c in enc])
            x.ids = [_char_id(c) for c in enc]
            for c in self.candidates(x, t):
                if fuzz.ratio(enc, self.sentences[c].enc, score_cutoff=cutoff):
                    out.add((k, c))
        return out


def _char_id(c: str) -> int:
    cp = ord(c)
    return (cp - 0x800 if cp >= 0xD800 + 0x800 else cp) - 0x100
