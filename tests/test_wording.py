"""The one plural and the one "did you mean" rule."""

import pytest

from c7draft.wording import closest, did_you_mean, plural

KEYS = ["session", "opens", "closes", "venue", "lead", "action_line", "outline", "entities", "word_limit"]


def test_a_count_takes_its_noun():
    assert [plural(n, "record") for n in (0, 1, 2)] == ["0 records", "1 record", "2 records"]
    assert plural(1, "match", "matches") == "1 match" and plural(3, "match", "matches") == "3 matches"


@pytest.mark.parametrize(
    "typed, choices, meant",
    [
        ("3c", ["2", "3a", "3b"], "3a"),  # a two-character section id, one character wrong
        ("venu", KEYS, "venue"),  # one missing
        ("sesion", KEYS, "session"),
        ("txet", ["id", "section", "text", "footnotes"], "text"),  # two swapped
        ("style-oxford-speling", ["style-oxford-spelling", "style-per-cent"], "style-oxford-spelling"),
        ("city", KEYS, None),  # only shares letters (WRatio said word_limit, 60)
        ("title", KEYS, None),  # (WRatio said entities, 72)
        ("4", ["2", "3a", "3b"], None),
    ],
)
def test_did_you_mean_guesses_a_slip_and_nothing_else(typed, choices, meant):
    assert closest(typed, choices) == meant
    assert did_you_mean(typed, choices) == (f"did you mean `{meant}`? " if meant else "")
