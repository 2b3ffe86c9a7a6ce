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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from .converted_text import SUPERSCRIPT_DIGITS as SUPERSCRIPTS
from .session import ordinal_number, session_year

if TYPE_CHECKING:  # pragma: no cover
    from .model import Draft
    from .priors import Document


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

    def at_or_above(self, other: "Band") -> bool:
        """True if this band is as similar as ``other`` or more (verbatim >= ... >= moderate)."""
        return self.rank >= other.rank

    @classmethod
    def parse(cls, text: str) -> "Band":
        """Accept "light edit", "light-edit", "light_edit", "LIGHT_EDIT" or just "light"."""
        key = re.sub(r"[\s_-]+", "", str(text).lower())
        for band in cls:
            if key in (re.sub(r"[\s_-]+", "", band.value), band.value.split()[0].replace("-", "")):
                return band
        choices = ", ".join(b.label for b in cls)
        raise ValueError(f"unknown band {text!r}; choose one of: {choices}")


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

    @classmethod
    def parse(cls, text: str) -> "Thresholds":
        """'95,85,75': the lowest scores of near-verbatim, light edit and moderate edit."""
        try:
            near, light, moderate = (int(part) for part in text.split(","))
            return cls(near_verbatim=near, light_edit=light, moderate_edit=moderate)
        except ValueError:
            raise ValueError("give three scores, highest first, e.g. 95,85,75") from None

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
        """The lowest score in ``band`` (bench/labelled_figures.py sweeps the bands with it)."""
        return {Band.VERBATIM: 100, Band.NEAR_VERBATIM: self.near_verbatim,
                Band.LIGHT_EDIT: self.light_edit, Band.MODERATE_EDIT: self.moderate_edit}[band]


# --------------------------------------------------------------------------- normalisation

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
# Token-level: first word -> [(alias tokens, canonical)], longest alias first.
_ALIASES: dict[str, list[tuple[list[str], str]]] = {}
for _short, _names_ in AGENCY_ALIASES.items():
    for _alias in _names_:
        _ALIASES.setdefault(_alias.split()[0], []).append((_alias.split(), _short))
for _list in _ALIASES.values():
    _list.sort(key=lambda a: -len(a[0]))
_AGENCIES = frozenset(AGENCY_ALIASES) - {"un"}

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
_CHAR_MAP = str.maketrans({"&": " and ", **{c: " " for c in SUPERSCRIPTS}})


def raw_tokens(text: str) -> list[str]:
    """Lower-case word tokens with agencies' names canonical; numbers kept as written.

    Quotes, dashes and punctuation separate words and are dropped; a possessive "'s" is
    dropped; "the" before an agency's short name is dropped ("the UPU" = "UPU").
    """
    text = text.translate(_CHAR_MAP)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    toks = _TOKEN_RE.findall(text.casefold())
    out: list[str] = []
    k, n = 0, len(toks)
    while k < n:
        t = toks[k]
        k += 1
        if t == "s":  # "UNCTAD's", "countries'"
            continue
        for alias, short in _ALIASES.get(t, ()):
            if toks[k - 1:k - 1 + len(alias)] == alias:
                t, k = short, k - 1 + len(alias)
                break
        if t in _AGENCIES and out and out[-1] == "the":
            out.pop()
        out.append(t)
    return out


_NUMBER_RE = re.compile(r"\d+(?:st|nd|rd|th|s)?")


def _mask(token: str) -> str:
    """Numbers ("2023", "6th", "1990s", "twenty") become "0"; "C7" or "G20" are names."""
    return "0" if token in _NUMBER_WORDS or (token[0].isdigit() and _NUMBER_RE.fullmatch(token)) else token


def tokens(text: str) -> list[str]:
    """The tokens used for comparing: ``raw_tokens`` with every number replaced by "0"."""
    return [_mask(t) for t in raw_tokens(text)]


def content_words(toks: Iterable[str]) -> int:
    return sum(1 for t in toks if t not in STOPWORDS and len(t) > 1)


# Stock phrases of the register: sharing them is not recycling. Inside a recycled passage
# their words do not count towards ``min_passage``.
STOCK_PHRASES = [p.split() for p in (
    "e commerce and the digital economy", "e commerce and digital economy", "the digital economy",
    "digital economy", "digital trade", "sustainable development goals", "sustainable development",
    "0 agenda for sustainable development", "developing and least developed countries",
    "least developed countries", "developing countries", "small island developing states",
    "micro small and medium sized enterprises", "small and medium sized enterprises",
    "member states", "private sector", "civil society", "capacity building", "technical assistance",
    "information and communication technologies", "world summit on the information society",
    "in developing countries", "for sustainable development", "the private sector",
)]


def stock_positions(toks: Sequence[str]) -> set[int]:
    """Positions of ``toks`` covered by a stock phrase."""
    covered: set[int] = set()
    for phrase in STOCK_PHRASES:
        n = len(phrase)
        for k in range(len(toks) - n + 1):
            if toks[k] == phrase[0] and list(toks[k:k + n]) == phrase:
                covered.update(range(k, k + n))
    return covered


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
    before = text[max(0, match.start(1) - 40):match.start(1)]
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
    prior_session: int | None
    draft_location: str         # "Part 2, bullet 3"
    prior_location: str
    score: int                  # 0-100
    band: Band
    kind: str = "prior"         # "prior" | "within draft"
    passage: bool = False       # True: a recycled passage inside an otherwise new sentence
    draft_block: int | None = None  # index in Draft.blocks, for ``annotate``
    prior_block: int | None = None

    @property
    def prior_year(self) -> int | None:
        """The year the prior's CSTD session meets (1997 + session)."""
        return _year(self.prior_session)

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
        return _year(self.draft_session)

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
            "priors": self.priors,  # each: used or skipped, and the reason it was skipped
            "nothing_compared": all(p["skipped"] for p in self.priors),
            "notes": self.notes,
            "matches": [m.to_json_dict() | {"draft_session": self.draft_session,
                                            "draft_year": self.draft_year} for m in self.matches],
        }


def _year(session: int | None) -> int | None:
    return None if session is None else session_year(session)


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
    names: frozenset[str] = frozenset()  # tokens of capitalised words (not the first word)


def _names(sentence: str) -> frozenset[str]:
    words = sentence.split()[1:]
    return frozenset(t for w in words if w.lstrip("(\"'“‘[")[:1].isupper()
                     for t in _TOKEN_RE.findall(w.casefold()))


def make_sentences(texts: Iterable[tuple[int, int, str]], names: bool = True) -> list[Sentence]:
    """Sentences of (document, passage, text) triples; ``names`` only matters for drafts."""
    out = []
    for doc, passage, text in texts:
        for s in split_sentences(text):
            raw = raw_tokens(s)
            toks = [_mask(t) for t in raw]
            if len(toks) >= 3:
                out.append(Sentence(s, doc, passage, toks, raw, content_words(toks),
                                    names=_names(s) if names else frozenset()))
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
    stock = stock_positions(x.toks)
    for p in range(len(blocks)):
        matched = own = 0
        for q in range(p, len(blocks)):
            matched += blocks[q][1] - blocks[q][0]
            own += sum(1 for i in range(blocks[q][0], blocks[q][1]) if i not in stock)
            if own < th.min_passage:
                continue
            i1, i2, j1, j2 = blocks[p][0], blocks[q][1], blocks[p][2], blocks[q][3]
            if 2 * matched / (i2 - i1 + j2 - j1) < floor:
                continue
            region = x.toks[i1:i2]
            # enough words, and not just a shared name ("Intergovernmental Group of Experts
            # on E-commerce and the Digital Economy"): some plain lower-case words too
            if content_words(region) < th.min_words or content_words(
                    t for t in region if t not in x.names) < (th.min_words + 1) // 2:
                continue
            best = max(best, _blend(x.enc[i1:i2], y.enc[j1:j2]))
    return best if best >= th.moderate_edit else 0.0


# --------------------------------------------------------------------------- index

_SHINGLE = 4           # words per shingle for finding recycled passages
_SHINGLE_MAX_DF = 200  # a 4-word phrase in more prior sentences than this is idiom, not recycling


def _shingles(ids: Sequence[int], toks: Sequence[str]) -> set[int]:
    """Hashes of the 4-word runs that are not all stopwords. (A tuple of ints hashes the
    same in every run of one Python version, which is part of the index's cache key.)"""
    stop = [t in STOPWORDS for t in toks]
    return {hash(tuple(ids[k:k + _SHINGLE])) for k in range(len(ids) - _SHINGLE + 1)
            if not all(stop[k:k + _SHINGLE])}


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

    def __init__(self, documents: list["Document"]):
        self.documents = documents
        self.unread: dict[int, str] = {}  # set by load_prior_index: prior no. -> why it was left out
        self.notes: list[str] = []         # load_prior_index's "skipped X: <problem>" notes
        self.vocab = Vocabulary()
        sentences = make_sentences(
            ((d, p, passage.text) for d, doc in enumerate(documents) for p, passage in enumerate(doc.passages)),
            names=False)
        df: Counter[int] = Counter()
        for s in sentences:
            s.ids, s.enc = self.vocab.encode(s.toks)
            df.update(set(s.ids))
        self.df = array("I", (df.get(i, 0) for i in range(len(self.vocab.words))))
        # Token postings as CSR: the sentences holding token i are post_ids[off[i]:off[i+1]],
        # sorted by post_key = -(the largest threshold t for which token i is still in the
        # sentence's prefix; see ``candidates``).
        df_ = self.df
        rank = array("I", [0]) * len(df_)  # place of each token in the global order
        for place, i in enumerate(sorted(range(len(df_)), key=lambda i: (df_[i], i))):
            rank[i] = place
        keys_of: list[list[float]] = [[] for _ in range(len(df_))]
        sids_of: list[list[int]] = [[] for _ in range(len(df_))]
        sh_hashes: list[int] = []
        sh_sids: list[int] = []
        for sid, s in enumerate(sentences):
            n = len(s.ids)
            seen: set[int] = set()
            for pos, i in enumerate(sorted(s.ids, key=rank.__getitem__)):
                if i not in seen:
                    seen.add(i)
                    keys_of[i].append(-2 * (n - pos) / (2 * n - pos))
                    sids_of[i].append(sid)
            found = _shingles(s.ids, s.toks)
            sh_hashes.extend(found)
            sh_sids.extend([sid] * len(found))
        off = array("I", [0])
        keys, post = array("d"), array("I")
        for k, ids in zip(keys_of, sids_of):
            order = sorted(range(len(k)), key=k.__getitem__)
            keys.extend([k[j] for j in order])
            post.extend([ids[j] for j in order])
            off.append(len(post))
        self.post_off, self.post_ids, self.post_key = off, post, keys
        order = sorted(range(len(sh_hashes)), key=sh_hashes.__getitem__)
        self.sh_keys = array("q", [sh_hashes[j] for j in order])
        self.sh_ids = array("I", [sh_sids[j] for j in order])
        # Sentences as columns: far quicker to cache and load than 100,000 objects.
        self.texts = [s.text for s in sentences]
        self.where = array("I", [v for s in sentences for v in (s.doc, s.passage)])
        self.enc = [s.enc for s in sentences]
        self.sorted_enc = ["".join(sorted(s.enc)) for s in sentences]
        self.raw = [" ".join(s.raw) for s in sentences]
        self.content = array("H", [min(s.content, 65535) for s in sentences])
        self.lengths = array("H", [min(len(s.ids), 65535) for s in sentences])

    def __len__(self) -> int:
        return len(self.texts)

    def sentence(self, c: int) -> Sentence:
        return Sentence(self.texts[c], self.where[2 * c], self.where[2 * c + 1], [],
                        self.raw[c].split(), self.content[c], self.enc[c])

    def encode(self, sentences: list[Sentence]) -> None:
        """Give draft sentences ids in this index's vocabulary (unknown words never match)."""
        probe = Vocabulary(self.vocab.words)
        probe.ids = self.vocab.ids  # shared, read-only: new words get ids past the end
        for s in sentences:
            s.ids = [probe.ids.get(t, len(self.df)) for t in s.toks]
            s.enc = "".join(Vocabulary.char(i) for i in s.ids)

    def candidates(self, x: Sentence, t: float) -> set[int]:
        """Every prior sentence whose sorted-token ratio with x can reach t (0-1].

        Prefix filtering (as in AllPairs/PPJoin), exact: ratio(sorted x, sorted y) >= t
        means the token multisets share at least a = t(|x|+|y|)/2 tokens, and since
        |y| >= t|x|/(2-t), a >= t|x|/(2-t) and likewise a >= t|y|/(2-t). List each
        sentence's tokens rarest first (one global order); the first shared token then
        lies among the first |x| - ceil(t|x|/(2-t)) + 1 tokens of x *and* among the first
        |y| - ceil(t|y|/(2-t)) + 1 tokens of y. Token i at (0-based) place p of y is in that
        prefix iff t <= 2(|y|-p)/(2|y|-p): the postings are sorted on that bound, so one
        bisection keeps exactly the sentences whose prefix holds i.
        """
        n = len(x.ids)
        if n == 0:
            return set()
        df, vocab = self.df, len(self.df)
        need = math.ceil(t * n / (2 - t) - 1e-9)  # tokens any match must share
        rarest = sorted(x.ids, key=lambda i: (df[i] if i < vocab else 0, i))
        found: set[int] = set()
        limit = -t + 1e-9  # keys are -bound: keep key <= -t (with float slack: a superset)
        for i in set(rarest[:n - need + 1]):
            if i < vocab:
                lo = self.post_off[i]
                hi = bisect_right(self.post_key, limit, lo, self.post_off[i + 1])
                found.update(self.post_ids[lo:hi])
        lo, hi = t * n / (2 - t) - 1e-9, (2 - t) * n / t + 1e-9
        lengths = self.lengths
        return {c for c in found if lo <= lengths[c] <= hi}

    def passage_candidates(self, x: Sentence, min_shared: int = 2) -> set[int]:
        """Prior sentences sharing at least ``min_shared`` uncommon 4-word phrases with x."""
        counts: Counter[int] = Counter()
        keys = self.sh_keys
        for k in _shingles(x.ids, x.toks):
            lo = bisect_left(keys, k)
            hi = bisect_right(keys, k, lo)
            if 0 < hi - lo <= _SHINGLE_MAX_DF:
                counts.update(set(self.sh_ids[lo:hi]))
        return {c for c, n in counts.items() if n >= min_shared}

    def search(self, draft: list[Sentence], th: Thresholds) -> list[tuple[int, int, int, bool]]:
        """(draft sentence no., prior sentence id, score, is_passage) for every pair at or
        above ``th.moderate_edit``."""
        from rapidfuzz import fuzz, process

        t = th.moderate_edit / 100
        out = []
        for k, x in enumerate(draft):
            if x.content < th.min_words or not x.ids:
                continue
            found = list(self.candidates(x, t))
            sorted_enc = self.sorted_enc
            cands = {found[j] for _, _, j in process.extract(
                "".join(sorted(x.enc)), [sorted_enc[c] for c in found], scorer=fuzz.ratio,
                score_cutoff=th.moderate_edit, limit=None)}
            cands |= self.passage_candidates(x)
            for c in cands:
                score, part = score_pair(x, self.sentence(c), th)
                if score >= th.moderate_edit:
                    out.append((k, c, score, part))
        return out

    def ratio_search(self, draft_encoded: list[str], cutoff: float) -> set[tuple[int, int]]:
        """Pairs whose plain token ``fuzz.ratio`` >= cutoff: the bench's exactness check."""
        from rapidfuzz import fuzz

        t = cutoff / 100
        out = set()
        for k, enc in enumerate(draft_encoded):
            x = Sentence("", -1, -1, [], [], 0, enc, [_char_id(c) for c in enc])
            for c in self.candidates(x, t):
                if fuzz.ratio(enc, self.enc[c], score_cutoff=cutoff):
                    out.add((k, c))
        return out


def _char_id(c: str) -> int:
    cp = ord(c)
    return (cp - 0x800 if cp >= 0xD800 + 0x800 else cp) - 0x100


# --------------------------------------------------------------------------- checking


def describe_prior(source: str, session: int | None) -> str:
    """'the 2024 submission (27th session)', or the file name when the session is unknown."""
    if session is None:
        return source
    return f"the {session_year(session)} submission ({ordinal_number(session)} session)"


def _progress_bar(progress: bool, total: int, what: str):
    """A rich progress bar on stderr when asked for and stderr is a terminal; else no-op."""
    import sys
    from contextlib import nullcontext

    if not (progress and total > 1 and sys.stderr.isatty()):
        return nullcontext(lambda: None)
    from rich.console import Console
    from rich.progress import Progress

    class _Bar:
        def __enter__(self):
            self.p = Progress(console=Console(stderr=True), transient=True)
            self.p.__enter__()
            self.task = self.p.add_task(what, total=total)
            return lambda: self.p.advance(self.task)

        def __exit__(self, *exc):
            return self.p.__exit__(*exc)

    return _Bar()


def load_prior_index(paths: list[Path], progress: bool = False) -> PriorIndex:
    """The index over these prior documents, from the cache when none of them changed.

    A prior that cannot be read is left out with a note in ``index.notes`` ("skipped X:
    <problem>"); ``index.documents`` holds the others, in the order given.
    """
    import hashlib
    import pickle
    import sys

    from .errors import DocumentReadError, OutputError
    from .fileio import atomic_output
    from .priors import cache_dir, cache_key, code_fingerprint, file_digest, read_document

    notes: dict[int, str] = {}
    readable: list[tuple[int, Path, str]] = []  # (place in paths, path, digest)
    for n, p in enumerate(paths):
        try:
            readable.append((n, p, file_digest(p)))
        except DocumentReadError as exc:
            notes[n] = f"skipped {p.name}: {exc.problem}"
    key = hashlib.sha256("\n".join(
        [code_fingerprint(), sys.version.split()[0], *(cache_key(d, p.name) for _, p, d in readable)]
    ).encode()).hexdigest()
    target = cache_dir() / "indexes" / f"{key}.pickle"
    index: PriorIndex | None = None
    try:  # the cache folder is the user's own, so its pickles are trusted (see docs/check.md)
        with open(target, "rb") as fh:
            index = pickle.load(fh)
    except Exception:  # missing, truncated, garbage (even MemoryError) or of another version
        index = None
    if not isinstance(index, PriorIndex):
        documents, unread = [], {}
        with _progress_bar(progress, len(readable), "Reading prior submissions") as advance:
            for k, (_, p, d) in enumerate(readable):
                try:
                    documents.append(read_document(p, digest=d))
                except DocumentReadError as exc:
                    unread[k] = exc.problem
                advance()
        index = PriorIndex(documents)
        index.unread = unread
        try:
            with atomic_output(target) as tmp, open(tmp, "wb") as fh:
                pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        except (OSError, OutputError):
            pass  # a read-only cache only costs speed
    kept = []
    for k, (n, p, d) in enumerate(readable):
        if k in index.unread:
            notes[n] = f"skipped {p.name}: {index.unread[k]}"
        else:
            kept.append((p, d))
    for doc, (p, d) in zip(index.documents, kept):
        doc.name, doc.path, doc.digest = p.name, str(p), d
    index.notes = [notes[n] for n in sorted(notes)]
    index.unreadable = [(paths[n], notes[n].split(": ", 1)[1]) for n in sorted(notes)]
    return index


def _best_per_prior(found: list[tuple[int, int, int, bool]], index: PriorIndex) -> list[tuple[int, int, int, bool]]:
    """For each draft sentence, keep its best match in each prior document."""
    best: dict[tuple[int, int], tuple[int, int, int, bool]] = {}
    for hit in found:
        k, c, score, _ = hit
        key = (k, index.where[2 * c])
        if key not in best or score > best[key][2]:
            best[key] = hit
    return list(best.values())


def check_document(draft: "Document", against: list[Path] | None = None,
                   thresholds: Thresholds | None = None, progress: bool = False,
                   also: list[Path] | None = None, listed: list[Path] | None = None) -> CheckReport:
    """Check a read draft (see ``priors.read_document``/``document_from_draft``) against the
    shipped seeds (or only ``against``) plus ``listed`` (`priors:`) and ``also``."""
    from .priors import prior_paths

    th = thresholds or Thresholds()
    paths = prior_paths(against, also or (), listed or ())
    index = load_prior_index(paths, progress)
    notes: list[str] = [*index.notes, *draft.notes, *(n for doc in index.documents for n in doc.notes)]
    skipped: dict[int, str] = {}
    for d, doc in enumerate(index.documents):
        if draft.digest and doc.digest == draft.digest:
            skipped[d] = "it is the draft itself"
        elif doc.session is None:
            notes.append(f"{doc.name}: its CSTD session could not be told; checked anyway")
        elif draft.session is not None and doc.session >= draft.session:
            skipped[d] = (f"written for the {ordinal_number(doc.session)} session ({doc.year}), "
                          f"not before the draft's {ordinal_number(draft.session)} session; "
                          "a draft cannot recycle itself")
        if d in skipped:
            notes.append(f"skipped {doc.name}: {skipped[d]}")
    if draft.session is None:
        notes.append(f"{draft.name}: the draft's CSTD session could not be told; checked against every prior")

    sentences = make_sentences((-1, p, passage.text) for p, passage in enumerate(draft.passages))
    index.encode(sentences)
    found = [hit for hit in index.search(sentences, th) if index.where[2 * hit[1]] not in skipped]
    matches = []
    seen: set[tuple] = set()  # the same sentence of the same session's submission, read twice
    for k, c, score, part in _best_per_prior(found, index):  # (e.g. its .docx and its YAML folder)
        x, doc = sentences[k], index.documents[index.where[2 * c]]
        if (k, index.texts[c], doc.session) in seen:
            continue
        seen.add((k, index.texts[c], doc.session))
        passage = draft.passages[x.passage]
        matches.append(Match(x.text, index.texts[c], doc.name, doc.session, passage.location,
                             doc.passages[index.where[2 * c + 1]].location, score, th.band(score),
                             "prior", part, passage.block))
    matches += within_draft(draft, th)
    matches.sort(key=lambda m: (-m.score, m.draft_location, m.prior_source))
    per_doc = Counter(index.where[::2])
    priors = [{"name": doc.name, "path": doc.path, "session": doc.session, "year": doc.year,
               "skipped": d in skipped, "reason": skipped.get(d), "sentences": per_doc[d]}
              for d, doc in enumerate(index.documents)]
    priors += [{"name": p.name, "path": str(p), "session": None, "year": None, "skipped": True,
                "reason": problem, "sentences": 0} for p, problem in getattr(index, "unreadable", [])]
    return CheckReport(matches, notes, draft.name, draft.session, priors, th)


def within_draft(draft: "Document", th: Thresholds) -> list[Match]:
    """Bullets of different agencies (or any two bullets, when agencies are unknown) that
    say the same thing. Part 1 paragraphs are left out: a summary repeats bullets by design."""
    if len(draft.passages) < 2:
        return []
    index = PriorIndex([draft])
    sentences = make_sentences((0, p, passage.text) for p, passage in enumerate(draft.passages))
    index.encode(sentences)
    best: dict[tuple[int, int], tuple[int, bool, int, int]] = {}
    for k, c, score, part in index.search(sentences, th):
        a, b = draft.passages[sentences[k].passage], draft.passages[index.where[2 * c + 1]]
        if a is b or not (a.is_bullet and b.is_bullet) or (a.entity and b.entity and a.entity == b.entity):
            continue
        key = (min(k, c), max(k, c))
        if key not in best or score > best[key][0]:
            best[key] = (score, part, *key)
    out = []
    for score, part, k, c in best.values():
        a, b = draft.passages[sentences[k].passage], draft.passages[sentences[c].passage]
        out.append(Match(sentences[k].text, sentences[c].text, draft.name, draft.session,
                         _with_entity(a), _with_entity(b), score, th.band(score), "within draft", part,
                         a.block, b.block))
    return out


def _with_entity(p) -> str:
    return f"{p.location} ({p.entity})" if p.entity else p.location


def check_draft(draft: "Draft", against: list[Path] | None = None, thresholds: Thresholds | None = None,
                progress: bool = False, name: str = "this draft",
                also: list[Path] | None = None) -> CheckReport:
    """Check an assembled draft; front matter, headings and prompts are never compared.
    The draft's own `priors:` add to the seeds, unless ``against`` replaces them all."""
    from .priors import document_from_draft

    listed = [] if against else draft.priors
    return check_document(document_from_draft(draft, name), against, thresholds, progress, also, listed)


def check_path(draft: Path, against: list[Path] | None = None, thresholds: Thresholds | None = None,
               progress: bool = False, also: list[Path] | None = None) -> CheckReport:
    """Check a YAML inputs folder or a finished draft (.docx, .md, .txt, .pdf)."""
    from .errors import DocumentReadError
    from .priors import read_document

    draft = Path(draft)
    if draft.is_dir():
        from .assemble import load_draft

        return check_draft(load_draft(draft), against, thresholds, progress, name=str(draft), also=also)
    if not draft.exists():
        raise DocumentReadError("no such file or folder", file=draft,
                                hint="give a YAML inputs folder or a .docx, .pdf, .md or .txt draft")
    return check_document(read_document(draft), against, thresholds, progress, also)


def compare_texts(draft_text: str, prior_text: str, thresholds: Thresholds | None = None) -> Match | None:
    """The best match between two bullets or paragraphs, as ``check`` would find it."""
    from .priors import Document, Passage

    th = thresholds or Thresholds()
    prior = Document("prior", None, [Passage(prior_text, "prior")])
    draft = Document("draft", None, [Passage(draft_text, "draft")])
    index = PriorIndex([prior])
    sentences = make_sentences([(-1, 0, draft_text)])
    index.encode(sentences)
    hits = index.search(sentences, th)
    if not hits:
        return None
    k, c, score, part = max(hits, key=lambda h: h[2])
    return Match(sentences[k].text, index.texts[c], "prior", None, draft.passages[0].location,
                 "prior", score, th.band(score), "prior", part)


def comment_text(m: Match, limit: int = 200) -> str:
    quote = m.prior_text if len(m.prior_text) <= limit else m.prior_text[:limit - 1].rstrip() + "…"
    what = f"{m.band.label}, {m.score}"
    if m.kind == "within draft":
        return f"Repeats {m.prior_location} of this draft ({what}): \"{quote}\""
    part = m.prior_location.split(",")[0]
    return f"Recycled ({what}) from {describe_prior(m.prior_source, m.prior_session)}, {part}: \"{quote}\""


def annotate(draft: "Draft", report: CheckReport) -> int:
    """Append a comment to each flagged block of ``draft``; return how many blocks got one.

    One comment per block and prior bullet (its best-scoring sentence); bullets repeated
    within the draft get a comment on each side. Boilerplate blocks are never touched.
    """
    chosen: dict[tuple[int, str], Match] = {}
    for m in report.matches:  # best first
        targets = [(m.draft_block, m)]
        if m.kind == "within draft" and m.prior_block is not None:
            targets.append((m.prior_block, Match(m.prior_text, m.draft_text, m.prior_source, m.prior_session,
                                                 m.prior_location, m.draft_location, m.score, m.band,
                                                 m.kind, m.passage)))
        for block, shown in targets:
            if block is None or not 0 <= block < len(draft.blocks) or draft.blocks[block].boilerplate:
                continue
            chosen.setdefault((block, f"{shown.kind}|{shown.prior_source}|{shown.prior_location}"), shown)
    touched = set()
    for (block, _), m in chosen.items():
        text = comment_text(m)
        if text not in draft.blocks[block].comments:
            draft.blocks[block].comments.append(text)
            touched.add(block)
    return len(touched)
