"""Fill the jinja2 templates (the front matter, an outline's `input_heading`), without
importing jinja2 when a template is plain substitution.

The shipped templates only use ``{{ name }}`` and ``{# comments #}``; importing jinja2 and
compiling a template costs ~20 ms on every build. ``render`` fills such a template with one
regular expression, as jinja2 would (a test renders every shipped template both ways).
Anything else, a ``{% tag %}``, a filter, whitespace control on a value or a name not in
``values``, goes to jinja2 itself, which also reports the errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_VALUE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_COMMENT = re.compile(r"(\s*)\{#(-?).*?(-?)#\}(\s*)", re.S)


class TemplateProblem(Exception):
    """A template jinja2 cannot fill: bad syntax or an unknown name (``message`` says which)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def render(
    source: str,
    values: dict[str, Any],
    *,
    finalize: Callable[[Any], Any] | None = None,
    keep_trailing_newline: bool = False,
) -> str:
    """``source`` filled with ``values``, exactly as jinja2 with StrictUndefined would."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    if "{%" not in text and all(m.group(1) in values for m in _VALUE.finditer(text)):
        text = _COMMENT.sub(
            lambda m: ("" if m.group(2) else m.group(1)) + ("" if m.group(3) else m.group(4)), text
        )
        if "{{" not in _VALUE.sub("", text) and "{#" not in text:
            filled = _VALUE.sub(
                lambda m: str(finalize(values[m.group(1)]) if finalize else values[m.group(1)]), text
            )
            return filled if keep_trailing_newline or not filled.endswith("\n") else filled[:-1]
    return _jinja2(source, values, finalize, keep_trailing_newline)


def _jinja2(source: str, values: dict[str, Any], finalize, keep_trailing_newline: bool) -> str:
    import jinja2

    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined, finalize=finalize, keep_trailing_newline=keep_trailing_newline
    )
    try:
        return env.from_string(source).render(values)
    except jinja2.TemplateError as exc:
        raise TemplateProblem(exc.message or str(exc)) from exc
