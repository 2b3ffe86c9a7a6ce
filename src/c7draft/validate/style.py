"""UN house style: warnings on the submission's own text, each rule citing the UN Editorial
Manual (https://www.un.org/dgacm/en/content/editorial-manual) and each switchable off in
submission.yaml under `style:` (e.g. `style: {style-per-cent: false}`).

The rules read the Markdown as written, with link targets and addresses blanked out, and
place every finding at the YAML line and column of the fragment (``Text.position``). Word
lists live in templates/house_style.txt. These are hand-written patterns over a short word
list rather than a grammar or spell-checker library: the manual's rules are about a few
forms (%, figures under 10, possessive acronyms, -ise), which no maintained checker carries
in UN style, and a full spell-checker would flag every agency and programme name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from ..errors import Problem, location
from ..resources import word_lists
from ..session import MONTH_NAME
from .texts import Text, blank, footnote_spans

Finding = tuple[int, str, str]  # offset in the text, message, hint


@dataclass(frozen=True)
class Rule:
    """One house-style rule: its id, its Editorial Manual section and its check."""

    id: str
    manual: str  # the UN Editorial Manual section the rule comes from
    check: Callable[[Text, Words], Iterable[Finding]] | None  # one text at a time
    kinds: tuple[str, ...] = ("summary", "bullet", "footnote")
    # a rule about the whole document (first use of an acronym) reads all texts at once
    check_document: Callable[[list[Text], Words], Iterable[tuple[Text, Finding]]] | None = None

    def findings(self, texts: list[Text], words_: Words) -> Iterator[tuple[Text, Finding]]:
        if self.check_document:
            yield from self.check_document(texts, words_)
            return
        check = self.check
        for text in texts:
            if check and text.kind in self.kinds:
                yield from ((text, finding) for finding in check(text, words_))


@dataclass(frozen=True)
class Words:
    """The word lists the house-style rules check against."""

    known_acronyms: frozenset[str]
    ize_stems: frozenset[str]  # organ -> organise, organisation ...
    spellings: dict[str, str]
    misspelt: re.Pattern  # any key of ``spellings``, as a whole word
    proper_names: tuple[str, ...]


@lru_cache(maxsize=1)
def _house_style() -> Words:
    lists = word_lists("house_style.txt")
    pairs = (line.split("=", 1) for line in lists["spellings"])
    spellings = {wrong.strip(): right.strip() for wrong, right in pairs}
    return Words(
        known_acronyms=frozenset(lists["well-known acronyms"]),
        ize_stems=frozenset(stem.lower() for line in lists["-ise stems"] for stem in line.split()),
        spellings={wrong.lower(): right for wrong, right in spellings.items()},
        misspelt=re.compile(rf"\b(?:{'|'.join(map(re.escape, spellings))})\b", re.IGNORECASE),
        proper_names=tuple(lists["proper names"]),
    )


def words(entity_shorts: Iterable[str] = ()) -> Words:
    """templates/house_style.txt's lists; the entities' short names count as known acronyms."""
    lists = _house_style()
    return replace(lists, known_acronyms=lists.known_acronyms | frozenset(entity_shorts))


# An acronym: two or more capitals (digits allowed after the first), an optional plural s.
# (not a part of a name joined by "&": "AT&T")
ACRONYM = re.compile(r"(?<![\w&-])([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*)(s?)(?![\w&])")
_ROMAN = re.compile(r"^[IVXLC]+$")
_NAME_AFTER = re.compile(r" [A-Z][a-z]+")
_NAME_BEFORE = re.compile(r"[a-z,;]\s+[A-Z][a-z]+ $")


# --- the rules ------------------------------------------------------------------------


def footnote_after_punctuation(text: Text, _: Words) -> Iterator[Finding]:
    """A marker goes after the punctuation, and straight after it or the word: `2021,[^der]`."""
    for start, end in footnote_spans(text.source):
        after = text.source[end : end + 1]
        before = text.source[:start].split()
        word = before[-1] if before else ""
        marker = text.source[start:end] if text.source.startswith("[^", start) else "^[...]"
        if after and after in ".,;:":
            yield (
                start,
                f"the footnote marker stands before the “{after}” after “{word}”",
                f"put the marker after the punctuation: `{word}{after}{marker}`",
            )
        elif word and text.source[start - 1].isspace():  # printed as "2021 ¹"
            yield (
                start,
                f"a space stands between “{word}” and its footnote marker",
                f"write the marker straight after it: `{word}{marker}`",
            )


_PER_CENT = re.compile(r"(\d[\d.,]*)\s?%|\bpercent\b", re.IGNORECASE)


def per_cent(text: Text, _: Words) -> Iterator[Finding]:
    for m in _PER_CENT.finditer(text.running):
        if m.group(1):
            yield (
                m.start(),
                f"“{m.group()}”: write “{m.group(1)} per cent” in running text",
                "the % sign is for tables",
            )
        else:
            yield (m.start(), f"“{m.group()}”: write “per cent”, two words", "")


# (not the first digit of a number whose thousands are set off by a space: "5 000")
_DIGIT = re.compile(
    r"(?<![\w.,/#°$€£+-])([0-9])(?![\w%°]|[.,:/]\d|[ \u00a0\u202f]\d{3}\b|\s?(?:per cent|percent)\b)"
)
_LABELS = re.compile(
    r"\b(?:objective|goal|sdg|part|article|paragraph|para\.|section|chapter|no\.|pillar|phase|level|"
    r"tier|annex|table|figure|box|round|edition|volume|vol\.|version|challenge|window|cohort|module|"
    r"step|option|priority|track|target|resolution|wave|grade|category|page|p\.|usd|eur|chf|us\$)\s*$",
    re.IGNORECASE,
)
_DATE_AFTER = re.compile(rf"^\s*(?:(?:[-–]|to|and)\s*\d{{1,2}}\s*)?{MONTH_NAME}\b")
_DATE_BEFORE = re.compile(rf"\b{MONTH_NAME}\s*$")
_UNIT_AFTER = re.compile(
    r"^\s?(?:[-–]\s?)?(?:km|kg|cm|mm|m|g|t|h|GB|MB|TB|kB|Mbps|Gbps|million|billion|trillion|"
    r"per cent|percent)\b"
)
_RANGE = re.compile(r"^\s*(?:[-–]|to)\s*\d{2,}")
_EMPHASIS = re.compile(r"(?<![\\*\w])\*[^*\s][^*]*\*|“[^”]*”")


def numbers_in_words(text: Text, _: Words) -> Iterator[Finding]:
    """Figures under 10 are words, except in dates, per cent, units, labels (Objective 2)
    and titles (in italics or quotes)."""
    scan = blank(text.running, [m.span() for m in _EMPHASIS.finditer(text.source)])
    for m in _DIGIT.finditer(scan):
        before, after = scan[: m.start()], scan[m.end() :]
        if (
            _LABELS.search(before)
            or _DATE_BEFORE.search(before)
            or _DATE_AFTER.match(after)
            or _UNIT_AFTER.match(after)
            or _RANGE.match(after)
        ):
            continue
        word = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")[
            int(m.group(1))
        ]
        following = after.split(maxsplit=1)[0].rstrip(".,;:)”’'\"") if after.strip() else ""
        yield (
            m.start(),
            f"“{m.group(1)} {following}”: numbers under 10 are written in words",
            f"write “{word} {following}”",
        )


_POSSESSIVE = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?)(['’]s?)(?![\w])")


def acronym_possessive(text: Text, _: Words) -> Iterator[Finding]:
    for m in _POSSESSIVE.finditer(text.running):
        if m.group(2) in ("'", "’") and not m.group(1).endswith("s"):
            continue  # a closing quote, not a possessive
        name = m.group(1)
        yield (
            m.start(),
            f"“{m.group()}”: an acronym does not take the possessive",
            f"write “of {name}” or use it as an adjective, e.g. “the work of {name}” or “the {name} work”",
        )


_ISE = re.compile(r"\b([A-Za-z]+)is(e|es|ed|ing|ation|ations)\b")


def oxford_spelling(text: Text, words_: Words) -> Iterator[Finding]:
    scan = text.running
    spans = [(i, i + len(name)) for name in words_.proper_names for i in _find_all(scan, name)]
    scan = blank(scan, spans)
    for m in _ISE.finditer(scan):
        if m.group(1).lower() not in words_.ize_stems:
            continue
        right = m.group(1) + "iz" + m.group(2)
        yield (
            m.start(),
            f"“{m.group()}”: UN spelling is “{_same_case(m.group(), right)}”",
            "the UN follows the Oxford spelling (-ize)",
        )
    for m in words_.misspelt.finditer(scan):
        right = words_.spellings[m.group().lower()]
        yield (
            m.start(),
            f"“{m.group()}”: UN spelling is “{_same_case(m.group(), right)}”",
            "the Concise Oxford English Dictionary's first spelling is the UN's",
        )


def bullet_full_stop(text: Text, _: Words) -> Iterator[Finding]:
    body = text.body.rstrip()
    end = len(body.rstrip("*_”\"’')] \n"))
    if end and body[end - 1] not in ".":
        tail = " ".join(body[:end].split()[-4:])
        yield (
            end - 1,
            f"the bullet ends “…{tail}” without a full stop",
            "bullets are whole sentences: end it with a full stop",
        )


def _find_all(text: str, phrase: str) -> Iterator[int]:
    i = text.find(phrase)
    while i >= 0:
        yield i
        i = text.find(phrase, i + 1)


def _same_case(found: str, right: str) -> str:
    return right[0].upper() + right[1:] if found[0].isupper() else right


def acronym_first_use(texts: list[Text], words_: Words) -> Iterator[tuple[Text, Finding]]:
    """An acronym is spelled out at its first use: written as "Full Name (ACR)" there. Flag
    the first use of each acronym that is neither spelled out there nor well known."""
    first: dict[str, tuple[Text, int]] = {}
    defined: dict[str, tuple[Text, int]] = {}
    for text in texts:
        scan = text.running
        for m in ACRONYM.finditer(scan):
            name = m.group(1)
            if (
                name in words_.known_acronyms
                or _ROMAN.match(name)
                or _NAME_AFTER.match(scan, m.end())
                or _NAME_BEFORE.search(scan, 0, m.start())
            ):
                continue  # well known, a numeral, or part of a name (ESCP Business School, Switch ON)
            first.setdefault(name, (text, m.start()))
            if scan[max(0, m.start() - 1) : m.start()] == "(" or scan[m.end() : m.end() + 2] == " (":
                defined.setdefault(name, (text, m.start()))
    for name, (text, offset) in first.items():
        where = defined.get(name)
        if where and where == (text, offset):
            continue
        later = ""
        if where:
            line, _ = where[0].position(where[1])
            later = f"; it is spelled out only later, at {location(where[0].file.name, line)}"
        yield (
            text,
            (
                offset,
                f"“{name}” is not spelled out at its first use{later}",
                f"write the full name followed by ({name}) here, or add {name} to "
                f"the well-known acronyms in templates/house_style.txt",
            ),
        )


_QUOTE = re.compile(r'"[^"\n]*"?|“[^”\n]*”?')


def mixed_quotes(texts: list[Text], _: Words) -> Iterator[tuple[Text, Finding]]:
    """One kind of double quotation marks in one document: when the texts use both straight
    ("...") and curly (“...”) ones, flag each quotation of the kind used less (straight on
    a tie). The front matter's own quotation is c7draft's template, straight as published,
    and not counted."""
    found: dict[str, list[tuple[Text, re.Match]]] = {'"': [], "“": []}
    for text in texts:
        for m in _QUOTE.finditer(text.running):
            found[m.group()[0]].append((text, m))
    straight, curly = found['"'], found["“"]
    if not straight or not curly:
        return
    flagged, used = (straight, curly) if len(straight) <= len(curly) else (curly, straight)
    kind, other, mark = ("straight", "curly", "“…”") if flagged is straight else ("curly", "straight", '"…"')
    for text, m in flagged:
        quoted = m.group()[1:].rstrip('"”')
        shown = quoted if len(quoted) <= 40 else quoted[:39].rstrip() + "…"
        yield (
            text,
            (
                m.start(),
                f"“{shown}” is in {kind} quotation marks; the document's other "
                f"{len(used)} quotation{'s are' if len(used) > 1 else ' is'} in {other} ones",
                f"use one kind throughout: {mark} here, as elsewhere",
            ),
        )


RULES: tuple[Rule, ...] = (
    Rule(
        "style-footnote-after-punctuation",
        "Footnotes and other references, IX. Footnote indicators, B. Placement of indicators in the text",
        footnote_after_punctuation,
        ("summary", "bullet"),
    ),
    Rule("style-per-cent", "Numbers, dates and time: Numbers expressed in figures (percentages)", per_cent),
    Rule("style-numbers-in-words", "Numbers, dates and time: Numbers expressed in words", numbers_in_words),
    Rule("style-acronym-possessive", "Abbreviations and acronyms: General guidelines", acronym_possessive),
    Rule(
        "style-acronym-first-use",
        "Abbreviations and acronyms: General guidelines",
        None,
        check_document=acronym_first_use,
    ),
    Rule("style-oxford-spelling", "Spelling", oxford_spelling),
    Rule("style-mixed-quotes", "Punctuation: Quotation marks", None, check_document=mixed_quotes),
    Rule(
        "style-bullet-full-stop",
        "Paragraphs and subparagraphs: Punctuation with bullets",
        bullet_full_stop,
        ("bullet",),
    ),
)
RULE_IDS = tuple(rule.id for rule in RULES)


def enabled_rules(settings: dict[str, bool]) -> set[str]:
    """The rule ids left on by `style:` (keys may leave out the `style-` prefix)."""
    off = {(key if key.startswith("style-") else f"style-{key}") for key, on in settings.items() if not on}
    return set(RULE_IDS) - off


def check_style(
    texts: list[Text], settings: dict[str, bool] | None = None, entity_shorts: Iterable[str] = ()
) -> list[Problem]:
    """House-style warnings on ``texts`` (in document order)."""
    on = enabled_rules(settings or {})
    words_ = words(entity_shorts)

    def problem(rule: Rule, text: Text, finding: Finding) -> Problem:
        offset, message, hint = finding
        line, column = text.position(offset)
        return Problem(
            str(text.file),
            line,
            column,
            "warning",
            rule.id,
            f"{message} (UN Editorial Manual, {rule.manual})",
            hint,
        )

    return [
        problem(rule, text, finding)
        for rule in RULES
        if rule.id in on
        for text, finding in rule.findings(texts, words_)
    ]
