"""How c7draft words its messages: a count with its noun, and a "did you mean" guess."""

from __future__ import annotations

from collections.abc import Iterable


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 footnote", "2 footnotes", "0 matches" (with ``plural_form``)."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` was probably meant to be: at most one slip (a character wrong,
    missing, added, or two swapped) per three characters of it, and always one; a
    one-character word is one slip from any other, so it is not guessed at.

    One rule for every "did you mean": it takes `3a` for `3c` (a section id is two
    characters) and `venue` for `venu`, and refuses names that only share letters, which a
    similarity percentage offered (rapidfuzz's WRatio scored `city` -> `word_limit` 60 and
    `title` -> `entities` 72; the cutoffs were 50 to 70 at five places)."""
    if len(word) < 2:
        return None
    from rapidfuzz import process
    from rapidfuzz.distance import OSA  # only for a mistyped name: not imported by a clean run

    best = process.extractOne(word, list(choices), scorer=OSA.distance, score_cutoff=max(1, len(word) // 3))
    return best[0] if best else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ "did you mean `x`? " before a hint, or "" when nothing is close (see ``closest``)."""
    best = closest(word, choices)
    return f"did you mean `{best}`? " if best else ""
