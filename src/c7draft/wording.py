"""Small pieces of English shared by the command line and the reports."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 footnote", "2 footnotes", "2 matches" (with ``plural_form``)."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"
