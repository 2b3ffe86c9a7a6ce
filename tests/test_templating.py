"""Templates filled without jinja2 must read exactly as jinja2 fills them."""

from __future__ import annotations

from datetime import date

import jinja2
import pytest

from c7draft.assemble import _escape
from c7draft.inputs import load_outline, shipped_outlines
from c7draft.resources import templates_dir
from c7draft.session import Session
from c7draft.templating import TemplateProblem, _jinja2, render

VALUES = {
    **Session(29, date(2026, 4, 20), date(2026, 4, 24), "Geneva").words(),
    "entity_names": "ITC, UNCTAD and UPU",
    "co_facilitators": "ITC, UNCTAD, UPU",
    "co_facilitators_label": "Co-facilitators",
    "disclaimer_name": "the *UN*",
    "action_line_code": "C7",
    "action_line_name": "e-business",
    "input_heading": "Input for the CSTD",
    "count": 3,
}


def test_the_front_matter_reads_the_same_as_with_jinja2():
    source = (templates_dir() / "front_matter.md.j2").read_text(encoding="utf-8")
    fast = render(source, VALUES, finalize=_escape, keep_trailing_newline=True)
    assert fast == _jinja2(source, VALUES, _escape, True)
    assert "{{" not in fast and "{#" not in fast and "\\*UN\\*" in fast


@pytest.mark.parametrize("outline", shipped_outlines(), ids=lambda p: p.stem)
def test_every_outline_heading_reads_the_same_as_with_jinja2(outline):
    source = load_outline(outline).input_heading
    assert render(source, VALUES) == _jinja2(source, VALUES, None, False)


@pytest.mark.parametrize(
    "source",
    [
        "a {# c #} b\n",
        "a {#- c -#}\n  b",
        "{{ count }}\n",
        "{{count}} x\r\ny\n\n",
        "{% if count %}many{% endif %}",
        "{{ count | string }}",
        "{{- count }} x",
    ],
)
def test_plain_and_jinja2_templates_give_jinja2s_text(source):
    assert render(source, VALUES) == jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(
        source
    ).render(VALUES)


def test_an_unknown_name_is_jinja2s_error():
    with pytest.raises(TemplateProblem, match="'nope' is undefined"):
        render("{{ nope }}", VALUES)


def test_a_build_of_the_sample_does_not_need_jinja2():
    import subprocess
    import sys

    code = (
        "import sys; from c7draft.assemble import load_draft; load_draft('sample_inputs/2025'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'rich')))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=templates_dir().parent
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
