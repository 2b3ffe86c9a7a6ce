"""Mutation score of the modules whose rules are easiest to break unnoticed (`make mutation`).

Each mutant is one small change to one line: a comparison turned (`<` to `<=`, `==` to `!=`,
`in` to `not in`), `and` swapped with `or`, a `not` dropped, an arithmetic operator swapped, a
number increased by one, a short string emptied, a call statement or a `continue`/`break`
removed, a `sorted()` dropped. For each, the module is changed in a scratch copy of the
repository and only the test files that exercise that module are run (`-x`, slow tests left
out), with a time limit. A mutant is killed when a test fails or the run times out.

Written here rather than run with mutmut: mutmut 3 rewrites every function of a module into
a trampoline (the code under test is no longer the code shipped), mutates every string of
every message, and first runs the whole suite to map tests to functions. This script keeps
the module as written, changes one expression at a time, and chooses the tests per module,
so a whole run takes minutes on a shared two-core machine.

    python scripts/mutate.py                  # all modules, the table of docs/mutation.md
    python scripts/mutate.py markup.py -v     # one module, each mutant as it runs
    python scripts/mutate.py --list fileio.py # the mutants, without running anything

Mutants that cannot change behaviour are listed in EQUIVALENT with the reason; they are
counted apart. The exit status is 1 when a module scores under 95% of the others.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path("src/c7draft")

# module -> the test files that exercise it (run with -x, slow tests left out).
TARGETS: dict[str, list[str]] = {
    "forked.py": ["tests/test_forked.py", "tests/test_signals.py"],
    "session.py": ["tests/test_templating.py", "tests/test_assemble.py", "tests/test_priors.py"],
    "markup.py": ["tests/test_assemble.py", "tests/test_input_problems.py", "tests/test_input_errors.py"],
    "validate/style.py": ["tests/test_validate.py"],
    "check/score.py": ["tests/test_recycling.py", "tests/test_priors.py"],
    "fileio.py": [
        "tests/test_fileio.py",
        "tests/test_signals.py",
        "tests/test_recycling.py::test_a_cache_folder_others_can_write_is_not_used",  # fileio.untrusted
    ],
    "docx_io/stamp.py": ["tests/test_stamp.py", "tests/test_word_edits.py"],
    "inputs/edit.py": ["tests/test_yaml_edit.py", "tests/test_pull.py"],
    "review/worddiff.py": ["tests/test_worddiff.py", "tests/test_diff.py", "tests/test_pull.py"],
    "review/match.py": [
        "tests/test_match.py",
        "tests/test_pull.py",
        "tests/test_diff.py",
        "tests/test_marks.py",
    ],
    "review/pull/walk.py": ["tests/test_pull_merge.py", "tests/test_pull.py"],
    "review/pull/summary.py": ["tests/test_pull_merge.py", "tests/test_pull.py"],
    "review/pull/order.py": ["tests/test_pull_merge.py", "tests/test_pull.py"],
    "review/pull/new_records.py": ["tests/test_pull_merge.py", "tests/test_pull.py"],
    "review/redline.py": ["tests/test_worddiff.py", "tests/test_diff.py"],
    "inputs/schema_check.py": ["tests/test_schema_check.py", "tests/test_input_errors.py"],
    "docx_io/footnotes.py": ["tests/test_docx_io.py", "tests/test_ooxml_valid.py"],
    "validate/__init__.py": ["tests/test_validate.py"],
    "inputs/loader.py": [
        "tests/test_input_errors.py",
        "tests/test_input_problems.py",
        "tests/test_validate.py",
        "tests/test_positions.py",
        "tests/test_assemble.py",
        "tests/test_roles.py",
        "tests/test_first_cycle.py::test_build_given_a_docx_says_a_folder_is_needed",
        "tests/test_cache_recovery.py::test_a_symlinked_unassigned_yaml_out_of_the_folder_is_refused",
    ],
    "assemble.py": ["tests/test_seed_rebuild.py", "tests/test_assemble.py", "tests/test_input_problems.py"],
    "docx_io/writer.py": [
        "tests/test_docx_io.py",
        "tests/test_word_native.py",
        "tests/test_seed_rebuild.py",
        "tests/test_build_comments.py",
        "tests/test_marks.py",
        "tests/test_readback.py",
        "tests/test_word_edits.py",
        "tests/test_ooxml_valid.py",
    ],
    "review/diff.py": ["tests/test_diff.py"],
    "check/text.py": [
        "tests/test_recycling.py",
        "tests/test_priors.py",
        "tests/test_compared_search.py",
        "tests/test_condensed_search.py",
    ],
    "documents/pdf.py": ["tests/test_pdf_drafts.py", "tests/test_import.py"],
    "documents/converted_text.py": [
        "tests/test_converted_text.py",
        "tests/test_seed_rebuild.py",
        "tests/test_pdf_drafts.py",
        "tests/test_import.py",
        "tests/test_documents.py",
        "tests/test_recycling.py",
        "tests/test_priors.py",
    ],
    "docx_io/reader.py": [
        "tests/test_readback.py",
        "tests/test_word_edits.py",
        "tests/test_docx_io.py",
        "tests/test_marks.py",
        "tests/test_pull.py",
        "tests/test_diff.py",
    ],
    "inputs/syntax_errors.py": [
        "tests/test_yaml_syntax_errors.py",
        "tests/test_input_errors.py",
        "tests/test_input_problems.py",
        "tests/test_positions.py",
        "tests/test_no_exit_70.py",
        "tests/test_cli.py",
    ],
    "inputs/schema_errors.py": [
        "tests/test_input_problems.py",
        "tests/test_input_errors.py",
        "tests/test_schema.py",
        "tests/test_schema_check.py",
        "tests/test_cli.py",
    ],
    "inputs/yamlfile.py": [
        "tests/test_yaml_syntax_errors.py",
        "tests/test_input_problems.py",
        "tests/test_input_errors.py",
        "tests/test_no_exit_70.py",
        "tests/test_property_regressions.py",
        "tests/test_positions.py",
        "tests/test_schema_check.py",
    ],
    "check/one_draft.py": [
        "tests/test_recycling.py",
        "tests/test_priors_add_up.py",
        "tests/test_check_cli.py",
        "tests/test_check_drafts.py",
        "tests/test_priors.py",
        "tests/test_build_comments.py",
        "tests/test_notes_grouped.py",
        "tests/test_compared_search.py",
    ],
}

# (module, function, mutant) that cannot change what the module does, and why.
EQUIVALENT: dict[tuple[str, str, str], str] = {
    ("forked.py", "Forked.__iter__", "False -> True in `self._reap(stop=False)`"): (
        "the child has flushed stderr and sent its last message; all it has left is os._exit, "
        "which a SIGTERM only comes before"
    ),
    (
        "inputs/loader.py",
        "load_what_loads",
        "False -> True in `zip(sub.executive_summary, summary_lines, strict=False)`",
    ): "summary_lines is made from sub.executive_summary, one line per paragraph: always as long",
    ("inputs/loader.py", "_valid_records", "<= -> < in `set(item) <= set(Record.model_fields)`"): (
        "read only when the item has no `footnotes` key, which is one of Record's fields: the "
        "item's keys can never be all of them, so a subset is always a proper subset"
    ),
    ("session.py", "ordinal_number", "13 -> 14 in `11 <= number % 100 <= 13`"): (
        "114th either way: 14 takes 'th' by its last digit too"
    ),
    ("markup.py", "parse", "0 -> 1 in `tok.map[0] if tok.map else 0`"): (
        "markdown-it gives every inline token of a paragraph or heading its source lines (map), "
        "so the fallback 0 is never used"
    ),
    ("markup.py", "parse", '> -> >= in `note.get("count", 0) > 0`'): (
        "the footnote plugin lists a labelled note only once a reference uses it (count 1 or more); "
        "an inline note has no label, so admitting count 0 adds only None to the labels used"
    ),
    ("markup.py", "parse", "False -> True in `in_footnotes = False` (2nd)"): (
        "the footnote plugin appends the footnote block at the very end of the tokens "
        "(footnote_tail), so no token follows footnote_block_close to be skipped"
    ),
    ("markup.py", "parse", "continue removed in `continue`"): (
        "the `continue` is the whole body of an elif that ends the loop's body: `pass` there "
        "also goes on to the next token"
    ),
    ("markup.py", "_refuse_block", "0 -> 1 in `tok.map[0] if tok.map else 0`"): (
        "markdown-it gives every block token it refuses (a list, a quote, code, a thematic break) "
        "its source lines (map), so the fallback 0 is never used"
    ),
    **{
        ("check/score.py", "condensed_need", change): (
            "lowers the first bound (never below min_condensed). order_share asks condensed_need only "
            "when fewer than min_condensed words are shared, so that bound never decides it; the index "
            "gets more candidates, and one of them is a hit only if its score reaches moderate edit "
            "(the sorted-ratio channel finds those), if it is condensed (the condensed channel at the "
            "true bound finds those), or as a passage the shingle channel missed: the one difference, "
            "which a killing test would pin as a miss of the passage heuristic"
        )
        for change in (
            "* -> // in `th.condensed * n`",
            "100 -> 101 in `th.condensed * n / 100`",
            "1e-09 -> 1.000000001 in `th.condensed * n / 100 - 1e-9`",
        )
    },
    ("check/score.py", "Band.parse", "'-' -> '' in `band.value.split()[0].replace(\"-\", \"\")`"): (
        "only near-verbatim has a '-' in its first word, and for it the first form (every space, "
        "'_' and '-' removed) already says the same; with the '-' kept the second can never match"
    ),
    **{
        ("check/score.py", "Band.rank", change): (
            "every rank moves by the same amount, and ranks are only compared (at_or_above, the "
            "order of matches and of hits), never shown"
        )
        for change in ("- -> + in `len(Band) - 1`", "1 -> 2 in `len(Band) - 1`")
    },
    ("check/score.py", "Band.parse", "'' -> 'X' in `band.value.split()[0].replace(\"-\", \"\")`"): (
        "only near-verbatim has a '-' in its first word; 'nearXverbatim' never equals a key made "
        "lower-case, and the first form already matches 'near-verbatim'"
    ),
    ("check/score.py", "short_share", "0 -> 1 in `share if ok else 0`"): (
        "a refused short rewrite's share only meets `>= condensed` (55 at the command line), "
        "which 1 fails as 0 does; the share of a pair that is not condensed is never shown"
    ),
    ("check/score.py", "short_share", "+ -> - in `0x4E00 + len(stems)` (2nd)"): (
        "a stem met first in the prior gets a character below U+4E00 instead of above: still one "
        "of its own, never one of the draft's, so the subsequence is the same"
    ),
    ("check/score.py", "content_enc", "False -> True in `zip(s.enc, s.toks, strict=False)`"): (
        "a sentence with tokens has one character of ``enc`` per token (``Vocabulary.encode``, "
        "``PriorIndex.encode``), so the two never differ in length; a sentence without them "
        "(an index's, a window) has its ``cenc`` made already and never reaches the zip"
    ),
    ("check/score.py", "content_enc", "and -> or in `not s.cenc and s.toks`"): (
        "with `or` a sentence whose ``cenc`` is made already has it made again from the same "
        "tokens, and one without tokens gets the empty string it had"
    ),
    **{
        ("check/score.py", "order_share", change): (
            "a share of 1 instead of 0 for too few shared words only meets `>= condensed` (55 at "
            "the command line, which a share of 1 fails as 0 does); the share of a pair that is "
            "not condensed is never shown"
        )
        for change in (
            "0 -> 1 in `short_share(x, y, th) if shared >= window_need(len(cx), th) else 0`",
            "0 -> 1 in `short_share(x, y, th) if shared >= condensed_need(len(cx), th) else 0`",
        )
    },
    **{
        ("check/score.py", "short_share", change): (
            "the draft's stems still get characters of their own that no stem met first in the "
            "prior can get (those start past the draft's), so the subsequence is the same"
        )
        for change in ("+ -> - in `0x4E00 + len(stems)`", "19968 -> 19969 in `0x4E00 + len(stems)` (2nd)")
    },
    ("check/score.py", "short_share", "0 -> 1 in `100 * len(kept) // len(wx) if wx else 0`"): (
        "a draft sentence without content words keeps none, so `len(kept) >= min_words` fails "
        "and the share returned is 0 either way"
    ),
    ("check/score.py", "_passage_score", "0.0 -> 1.0 in `best = 0.0`"): (
        "a best region starting at 1 instead of 0 is still under moderate edit unless a region "
        "reaches it, so the score returned is the same"
    ),
    ("check/score.py", "_passage_score", "0.0 -> 1.0 in `best if best >= th.moderate_edit else 0.0`"): (
        "a passage score of 1 instead of 0 is below moderate edit and below the whole score of "
        "any pair that shares a word: never reported, never the match"
    ),
    ("validate/style.py", "mixed_quotes", "or -> and in `not straight or not curly`"): (
        "a shortcut: with one kind of quotation marks only, the kind used less is the empty "
        "list, and flagging each of its quotations flags none"
    ),
    ("validate/style.py", "_find_all", "1 -> 2 in `i + 1`"): (
        "it finds proper names, and a name can start again one character after it starts only "
        "if all its characters are one letter (`AA`, `MMM`); no agency's or place's name is"
    ),
    ("fileio.py", "_keep_aside", "False -> True in `os.link(path, kept, follow_symlinks=False)`"): (
        "on Linux both make a hard link to the symbolic link itself: with follow_symlinks=True "
        "Python calls plain link(2), which Linux never makes follow a link (POSIX allows it, macOS "
        "does; there test_fileio's symbolic-link test would fail)"
    ),
    **{
        ("fileio.py", "cache_dir", change): (
            "each changed test sends Linux to platformdirs, whose answer there is the shortcut's "
            "($XDG_CACHE_HOME when absolute, else ~/.cache; test_fileio compares the two), or "
            "(`xdg and home`) still takes the shortcut, which reads xdg itself"
        )
        for change in (
            '== -> != in `sys.platform == "linux"`',
            'not in -> in in `"ANDROID_DATA" not in os.environ`',
            "or -> and in `xdg or home`",
        )
    },
    ("fileio.py", "_replace_all", "reversed() dropped in `reversed(done)`"): (
        "the targets are the keys of one mapping, so putting each back is independent of the "
        "others and the order of the undoing changes nothing"
    ),
    ("fileio.py", "_rename_folder", "call removed in `folder.rmdir()`"): (
        "on Linux rename(2) replaces an empty folder by itself (the call is for Windows, whose "
        "rename refuses an existing one)"
    ),
    ("fileio.py", "_replace_all", "True -> False in `old.unlink(missing_ok=True)` (2nd)"): (
        "once every rename has succeeded, each kept-aside link still exists: this call made it "
        "and nothing else removes it"
    ),
    ("inputs/edit.py", "_Edit", "0 -> 1 in `order: int = 0`"): (
        "_apply numbers every edit it was asked for before sorting; only the `key: []` edits of "
        "_emptied keep the default, and no other edit starts and ends where one of them does"
    ),
    **{
        ("inputs/edit.py", "YamlEdits._line_end", change): (
            "find returns 0 only when asked from the very start of a file that starts with a "
            "line break; every call asks from a node, a key or a line after it"
        )
        for change in ("< -> <= in `end < 0`", "0 -> 1 in `end < 0`")
    },
    **{
        ("inputs/edit.py", "YamlEdits._comments_above", change): (
            "at the file's start (or after an empty first line) the line above is empty or none, "
            "which is not a comment, so the loop stops there either way"
        )
        for change in ("> -> >= in `start > 0`", "0 -> 1 in `start > 0`")
    },
    ("inputs/edit.py", "YamlEdits._comments_above", "1 -> 2 in `start - 1` (2nd)"): (
        "the line above is a comment, so it holds a `#`: two characters back is still on it"
    ),
    ("inputs/edit.py", "YamlEdits._content_end", "> -> >= in `len(lines) > 1`"): (
        "a block text's first line holds its indicator (`|`, `>-`), never blank, so it is never popped"
    ),
    **{
        ("inputs/edit.py", function, change): (
            "the dash stands two characters before its item (`- `) or on a line above it, and "
            "only the line the search lands on is used: one character either way is the same line"
        )
        for function, change in (
            ("YamlEdits.remove_item", "+ -> - in `item.start_mark.index + 1`"),
            ("YamlEdits.remove_item", "1 -> 2 in `item.start_mark.index + 1`"),
            ("YamlEdits.insert_item", "+ -> - in `seq.value[0].start_mark.index + 1`"),
            ("YamlEdits.insert_item", "1 -> 2 in `seq.value[0].start_mark.index + 1`"),
            ("YamlEdits.set_list", "+ -> - in `node.start_mark.index + 1`"),
            ("YamlEdits.set_list", "1 -> 2 in `node.start_mark.index + 1`"),
            ("YamlEdits._item_columns", "+ -> - in `first.start_mark.index + 1`"),
        )
    },
    **{
        ("inputs/edit.py", function, change): (
            "only the line is used: a value's last line is indented or follows its key or dash, so "
            "the character before its last one is on the same line"
        )
        for function, change in (
            ("YamlEdits.remove_item", "1 -> 2 in `self._content_end(item) - 1`"),
            ("YamlEdits.insert_item", "1 -> 2 in `self._content_end(item) - 1`"),
            ("YamlEdits.set_list", "1 -> 2 in `self._content_end(node) - 1`"),
            ("YamlEdits.remove_key", "1 -> 2 in `self._content_end(value) - 1`"),
            ("YamlEdits.append_to_mapping", "1 -> 2 in `self._content_end(node) - 1`"),
        )
    },
    ("inputs/edit.py", "YamlEdits._scalar", "> -> >= in `column + len(quoted) > self.width`"): (
        "a text exactly as wide as what is left of its line is folded at that width, into the "
        "one line it is already"
    ),
    ("inputs/edit.py", "YamlEdits.set_list", "and -> or in `start is not None and prev_end is not None`"): (
        "an assertion for the type checker: the list has items here, so both are set"
    ),
    (
        "inputs/edit.py",
        "YamlEdits.append_to_mapping",
        "0 -> 1 in `node.value[0][0].start_mark.column if node.value else 0`",
    ): (
        "an empty mapping is written `{}`, which pull fills with replace_value; it appends only to "
        "mappings that have keys"
    ),
    ("inputs/edit.py", "YamlEdits._rewrite_flow", "False -> True in `False`"): (
        "a flow list rewritten for a removal or an insertion is one edit over the whole list, and "
        "any other edit of that list overlaps it and is refused, so no check reads it by index"
    ),
    ("inputs/edit.py", "_same_end", '> -> >= in `len(text) - len(text.rstrip("\\n")) > kept`'): (
        "with as many line breaks at the end as the original, cutting them and adding them back "
        "gives the same text"
    ),
    ("inputs/edit.py", "_same_end", '- -> + in `len(text) - len(text.rstrip("\\n"))`'): (
        "no edit ends a file on fewer line breaks than it had (a replaced value ends where its text "
        "ended, and the line breaks after it stay), and with as many the text is the same"
    ),
    **{
        ("review/pull/summary.py", "merge_summary", change): (
            "a paragraph of the YAML not marked used is placed again by the loop over unused ones; "
            "an index twice in the target keeps it in order and changes no edit (set_text and "
            "remove_item read each index once)"
        )
        for change in ("call removed in `used.add(same)`", "call removed in `used.add(j)` (2nd)")
    },
    ("review/pull/summary.py", "merge_summary", "is not -> is in `j is not None` (2nd)"): (
        "when the lookup finds the paragraph and does not mark it used, the next branch keeps it "
        "(the YAML says what Word says) and the loop over unused ones places it again: an index "
        "twice changes no edit"
    ),
    ("review/pull/summary.py", "_after", "< -> <= in `target[k][0] < j`"): (
        "each paragraph of the YAML is placed in the target once, so none there equals the one being placed"
    ),
    ("review/pull/order.py", "update_orders", 'and -> or in `item.kind == "bullet" and item.section`'): (
        "a heading's base item adds an empty record id to the section's order, which no bullet in "
        "Word has, so it is dropped with the records Word no longer has"
    ),
    (
        "review/pull/order.py",
        "update_orders",
        "False -> True in `difflib.SequenceMatcher(None, before, common, autojunk=False)`",
    ): (
        "difflib's autojunk acts only on 200 items or more: it would matter for a section of 200 "
        "bullets, which no submission has (the Parts have word budgets)"
    ),
    ("review/pull/walk.py", "_labels", "< -> <= in `found < len(labels)`"): (
        "labels has one entry for each note of the base text (both are read from the record's "
        "text), so the index of a base note is always below its length"
    ),
    ("review/redline.py", "_Token", "True -> False in `dataclass(frozen=True)`"): (
        "a token is compared and hashed by its key, never as a whole, and never assigned to"
    ),
    **{
        ("review/redline.py", "_kept", change): (
            "an assertion for the type checker: an equal token's parts are of one kind on both sides"
        )
        for change in (
            "and -> or in `isinstance(before, FootnoteRef) and isinstance(after, FootnoteRef)`",
            "and -> or in `isinstance(before, Run) and isinstance(after, Run)`",
        )
    },
    (
        "review/redline.py",
        "tracked_inlines",
        "True -> False in `zip(a[span.old_start : span.old_end], b[span.new_start : span.new_end]`",
    ): ("an equal span has as many tokens on both sides: strict only guards the invariant"),
    ("review/redline.py", "_joined", "or -> and in `last.was is None or item.was is None`"): (
        "two runs are joined only when their old formats compare equal, so both or neither "
        "have one: `or` and `and` agree"
    ),
    **{
        ("review/worddiff.py", name, "True -> False in `dataclass(frozen=True)`"): (
            "no caller assigns to a span or piece or hashes one; frozen states that they are values"
        )
        for name in ("Span", "Piece")
    },
    ("validate/__init__.py", "_activity_years", "< -> <= in `dated < year`"): (
        "only reached when `dated != year`, where `<` and `<=` agree"
    ),
    ("validate/__init__.py", "_duplicate_urls", "'^[' -> '' in `text.source.startswith(\"^[\", span[0])`"): (
        "the other spans footnote_spans gives are `[^label]` references, whose label holds no web address"
    ),
    ("validate/__init__.py", "_unordered_records", "<= -> < in `set(ids) <= known`"): (
        "the two differ only when the list names every record of the submission, and then no "
        "record of its section is missing from it"
    ),
    (
        "assemble.py",
        "front_matter_text",
        'True -> False in `render( (templates_dir() / FRONT_MATTER).read_text(encoding="utf-8"), `',
    ): (
        "the text is parsed as CommonMark, where a last newline ends the last paragraph as the "
        "end of the text does"
    ),
    (
        "assemble.py",
        "assemble",
        "False -> True in `zip( sub.executive_summary, loaded.summary_lines, loaded.summary_texts`",
    ): (
        "the loader makes one line and one written text per summary paragraph, so the three "
        "are always as long: strict would only guard that"
    ),
    (
        "assemble.py",
        "_template_keys",
        "'' -> 'X' in `re.sub( r\"\\{#.*?#\\}\", \"\", (templates_dir() / FRONT_MATTER).read_text(e`",
    ): (
        "the template's one comment ends on the line before its first paragraph, which names no "
        "value with or without an X in it"
    ),
    ("assemble.py", "_stored_base", "'' -> 'X' in `next(front, \"\")`"): (
        "the front matter's blocks are the template's paragraphs, one each, so `front` never "
        "runs out before them"
    ),
    **{
        ("review/diff.py", "_draft_from_docx", change): (
            "the footnotes of one .docx are numbered from 1 up: a bound of 2**30 or 2**31 is never met"
        )
        for change in ("1 -> 2 in `1 << 30`", "30 -> 31 in `1 << 30`")
    },
    ("review/diff.py", "_draft_from_docx.runs", "'note' -> '' in `p[0] != \"note\"`"): (
        "a footnote's own pieces hold no note (Word has no footnote inside a footnote), and a "
        "paragraph's notes are taken out before its other pieces reach runs()"
    ),
    ("docx_io/footnotes.py", "footnotes_part", "True -> False in `True`"): (
        "the default of an @overload stub, which only type checkers read: the function defined "
        "after the stubs replaces them"
    ),
    ("docx_io/reader.py", "DocxComment", "False -> True in `done: bool = False`"): (
        "the one place that makes a DocxComment (`_read_comments`) always gives `done`"
    ),
    (
        "docx_io/reader.py",
        "read_reviewed",
        "False -> True in `fn.footnotes_part(document.part, create=False)`",
    ): (
        "a footnotes part created in memory for a file without one holds only the separator "
        "notes: no text, no tracked change; the file is not saved"
    ),
    (
        "docx_io/reader.py",
        "_read_paragraph",
        'False -> True in `DocxParagraph( text="".join(text), style="", is_list=False, italic_spa`',
    ): (
        "a placeholder: `_read` sets every body paragraph's `is_list` (and its style) right after, "
        "and a footnote's paragraphs are never asked"
    ),
    (
        "docx_io/reader.py",
        "_read_footnotes",
        "False -> True in `fn.footnotes_part(document.part, create=False)`",
    ): (
        "a footnotes part created in memory for a file without one holds only the separator "
        "notes, which are not read; the file is not saved"
    ),
    ("docx_io/reader.py", "_replies", "False -> True in `etree.XMLParser(resolve_entities=False)`"): (
        "only the commentEx elements' attributes are read, and lxml expands an internal entity in "
        "an attribute either way (XML allows no external one there); the setting keeps a file's "
        "entities out of any text read later"
    ),
    ("documents/pdf.py", "_paragraphs_apart", "1 -> 2 in `1 if heights[:1] >= heights[-1:] else -1`"): (
        "every step and the usual spacing are then twice as large: the ratio of 1.3 tells the same gaps"
    ),
    ("documents/pdf.py", "_paragraphs_apart", "True -> False in `zip(lines, ys, strict=True)`"): (
        "`_lines` gives a height for every line: the two lists are always of one length"
    ),
    (
        "documents/pdf.py",
        "pdf_text_to_converted",
        "80 -> 81 in `lengths[int(len(lengths) * 0.9)] if lengths else 80`",
    ): ("with no line of text on any page, no line is ever measured against the full length"),
    ("documents/converted_text.py", "TextParagraph", "False -> True in `is_bullet: bool = False`"): (
        "the one place that makes a TextParagraph (`_clean_paragraph`) gives `is_bullet`"
    ),
    ("documents/converted_text.py", "TextParagraph", "0 -> 1 in `line: int = 0`"): (
        "the one place that makes a TextParagraph (`_clean_paragraph`) gives `line`"
    ),
    ("documents/converted_text.py", "_RawParagraph", "False -> True in `dataclass(eq=False)`"): (
        "two raw paragraphs never have the same start line, so equality by fields is identity"
    ),
    ("documents/converted_text.py", "parse_converted_text", "'[^' -> '' in `\"[^\" in text`"): (
        "the test only skips two substitutions that find nothing in a text without `[^`"
    ),
    ("documents/converted_text.py", "parse_converted_text", "False -> True in `after_footnote = False`"): (
        "before the first line it is read only beside `after_blank`, which is true then, and with no paragraph yet to resume"
    ),
    ("documents/converted_text.py", "parse_converted_text", "False -> True in `True, False`"): (
        "after a footnote line `after_footnote` is true, which every test of `after_blank` also accepts, and the next line resets both"
    ),
    ("documents/converted_text.py", "parse_converted_text", "call removed in `close()` (4th)"): (
        "that branch is reached only with no paragraph open: the footnote branch closed it, or none was opened"
    ),
    (
        "documents/converted_text.py",
        "parse_converted_text",
        "and -> or in `not line.isascii() and _MARKER.search(line)`",
    ): (
        "a marker is a superscript digit, never ASCII: the first test only skips a search that finds nothing"
    ),
    (
        "documents/converted_text.py",
        "_resumed_paragraph",
        "and -> or in `interrupted is not None and interrupted in raws`",
    ): (
        "a paragraph cut by notes is closed into `raws` before any line can resume it, so it is in `raws` whenever it is not None"
    ),
    (
        "documents/converted_text.py",
        "_ends_with_italic",
        "'\\\\*\\\\*' -> '' in `re.sub(r\"\\*\\*\", \"\", raw)`",
    ): (
        "each `**` adds two stars: the count's parity, and whether it is above nought for a text ending in one star, stay"
    ),
    ("documents/converted_text.py", "_ends_with_italic", "'' -> 'X' in `re.sub(r\"\\*\\*\", \"\", raw)`"): (
        "an X for each `**` holds no star: the count is the same"
    ),
    ("documents/converted_text.py", "_ends_with_italic", "> -> >= in `singles > 0`"): (
        "a text ending in a single star has at least one"
    ),
    ("documents/converted_text.py", "_ends_with_italic", "0 -> 1 in `singles > 0`"): (
        "an even count of at least one is at least two"
    ),
    (
        "documents/converted_text.py",
        "_strip_links",
        "'' -> 'X' in `_AUTOLINK.sub(\"\", _LINK.sub(r\"\\1\", raw))`",
    ): ("the text is only searched for superscript markers, and an X is none"),
    ("documents/converted_text.py", "_unmark", "'[' -> '' in `\"[\" in raw`"): (
        "the test only skips a substitution that finds nothing"
    ),
    ("documents/converted_text.py", "_unmark", "'<' -> '' in `\"<\" in raw`"): (
        "the test only skips a substitution that finds nothing"
    ),
    ("documents/converted_text.py", "_unmark", "'*' -> '' in `\"*\" in raw`"): (
        "the test only skips a substitution that finds nothing"
    ),
    ("documents/converted_text.py", "_unmark", "'\\\\' -> '' in `\"\\\\\" in raw`"): (
        "the test only skips a substitution that finds nothing"
    ),
    ("check/text.py", "<module>", "call removed in `_list.sort(key=lambda a: -len(a[0]))`"): (
        "templates/agencies.yaml lists the aliases sharing a first word longest first already "
        '(UNCTAD\'s long names before "united nations"); the sort keeps it so for a file '
        "edited otherwise"
    ),
    ("check/text.py", "raw_tokens", "'&' -> '' in `\"&\" in text`"): (
        '`"" in text` is always true, and replacing an "&" that is not there changes nothing: '
        "the test only skips a copy"
    ),
    ("check/text.py", "raw_tokens", "break removed in `break`"): (
        "after a match the next aliases of the same first word are tried from the matched name's "
        "last word, and no alias in templates/agencies.yaml ends with the word it starts with"
    ),
    ("check/text.py", "_stock_drop", "1 -> 2 in `len(toks) - n + 1`"): (
        "the extra start is past the last place the phrase fits: its slice is shorter than the "
        "phrase and never equals it"
    ),
    ("check/text.py", "_is_boundary", "40 -> 41 in `match.start(1) - 40`"): (
        "the 40 characters before a full stop hold the whole of every word the rules test (an "
        "abbreviation, an initial, a dotted abbreviation such as u.s.a); a 41st changes only a "
        "last word of 40 characters or more, which none of the rules takes"
    ),
    **{
        ("inputs/syntax_errors.py", "_explain_syntax", change): (
            "n is the error's line or the one before it: on line 1 `_odd_indent` finds no key above "
            "to compare with and says nothing, so leaving line 1 out changes nothing"
        )
        for change in ("<= -> < in `1 <= n <= len(lines)`", "1 -> 2 in `1 <= n <= len(lines)`")
    },
    **{
        ("inputs/syntax_errors.py", "_list_after_text", change): (
            "a list item on line 1 has no key above it: the loop finds none and returns None either way"
        )
        for change in ("<= -> < in `1 <= n <= len(lines)`", "1 -> 2 in `1 <= n <= len(lines)`")
    },
    **{
        ("inputs/syntax_errors.py", "_text_lost_indent", change): (
            "n is the error's line: on line 1 there is no text above it to be indented less than"
        )
        for change in ("<= -> < in `1 <= n <= len(lines)`", "1 -> 2 in `1 <= n <= len(lines)`")
    },
    ("inputs/syntax_errors.py", "_odd_indent", "> -> >= in `column > other`"): (
        "a key at the same column as the one above has returned already (`other == column`)"
    ),
    **{
        ("inputs/yamlfile.py", owner, "call removed in `super().__init__()`"): (
            "the dict or list is made empty by __new__; its __init__ with no arguments adds nothing"
        )
        for owner in ("YamlMap.__init__", "YamlList.__init__")
    },
    **{
        ("inputs/yamlfile.py", "key_position", change): (
            "pydantic's error locations name only list items that exist, by their index: the key "
            "is always an int in range when the node is a list"
        )
        for change in (
            "and -> or in `isinstance(node, YamlList) and isinstance(key, int) and 0 <= key < len`",
            "< -> <= in `0 <= key < len(node.items_at)`",
        )
    },
    ("inputs/yamlfile.py", "_Builder.build", "1 -> 2 in `column - 1`"): (
        "the character before a `&` that starts a value is the space after `key:` or `- `, which "
        "split() drops"
    ),
    ("inputs/yamlfile.py", "_Builder._expanded", "1 -> 2 in `self.size[key] = 1`"): (
        "the count a node holds while its children are counted, overwritten when they are: only a "
        "node that contains itself reads it, and that one is refused as a recursive alias"
    ),
    ("inputs/yamlfile.py", "_Builder._expanded", "+ -> - in `depth + 1`"): (
        "a key is a scalar (a mapping or list as a key is refused when built): its value, counted "
        "at the same depth just after it, meets the depth limit wherever the key would"
    ),
    ("inputs/yamlfile.py", "_Builder._expanded", "1 -> 2 in `MAX_VALUES + 1`"): (
        "the count is capped only to stay small; any cap over MAX_VALUES is refused the same way"
    ),
    (
        "inputs/yamlfile.py",
        "_Builder._scalar",
        "True -> False in `self.constructor.construct_object(node, deep=True)`",
    ): ("a scalar has no children: deep or not, it is built the same"),
    ("inputs/yamlfile.py", "read_yaml", "0 -> 1 in `size = 0`"): (
        "a path that cannot be looked at gets a size under the limit either way, and read_utf8 "
        "then says what is wrong with it"
    ),
    ("inputs/syntax_errors.py", "_bad_escape", "1 -> 2 in `column + 1`"): (
        "the parser's mark is at the escape's backslash; the character after it is the escape's "
        "letter, never a backslash (`\\\\` is a good escape), so searching one further finds the "
        "same backslash"
    ),
    ("inputs/syntax_errors.py", "_bad_escape", "57343 -> 57344 in `0xD800 <= code <= 0xDFFF`"): (
        "`\\uE000` is a character the parser takes: a file holding it parses, so it never reaches "
        "this function"
    ),
    ("inputs/syntax_errors.py", "_text_start", "> -> >= in `(closed := value.find(value[0], 1)) > 0`"): (
        "`find` from index 1 gives -1 or 1 and up: `> 0` and `>= 0` agree"
    ),
    ("validate/__init__.py", "_comments_in_text", "1 -> 2 in `column - 1`"): (
        "the character before the `#` is a space (the pattern asks for one, or the text's start), "
        "so leaving it out of the line's prefix never changes whether the prefix is blank"
    ),
    ("check/one_draft.py", "check_document", "and -> or in `not entities and draft.submitted_by`"): (
        "a draft read from YAML (document_from_draft) names an entity per passage and never has "
        "masthead names; one read from a file has masthead names and no entity per passage: with "
        "either `and` or `or`, the entities are the passages' when there are any"
    ),
    ("check/one_draft.py", "within_draft", "> -> >= in `len(sentences) > SHINGLE_MAX_DF`"): (
        "with exactly SHINGLE_MAX_DF sentences no phrase can be in more than SHINGLE_MAX_DF of "
        "them, so indexing the paragraphs' sentences too makes no phrase idiom; only bullets are "
        "paired either way (_across)"
    ),
    ("check/one_draft.py", "among_drafts", "True -> False in `zip(documents, mine, strict=True)`"): (
        "`mine` is made with one list per document: the lengths are equal, and strict only "
        "raises when they are not"
    ),
    (
        "check/one_draft.py",
        "among_drafts",
        "True -> False in `zip(documents, map(len, mine), strict=True)`",
    ): "`mine` is made with one list per document: the lengths are equal, and strict only raises when they are not",
}

THRESHOLD = 95.0
SAMPLE = 15  # mutants run per module by default, spread evenly over it (--all runs every one)
SHORT_STRING = 4  # strings this long or shorter are emptied: separators, marks, character sets


@dataclass
class Mutant:
    module: str
    function: str
    line: int
    description: str
    source: str  # the whole mutated module

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.module, self.function, self.description)


_COMPARE_SWAP = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINOP_SWAP = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
}


def _changes(node: ast.AST, parent: ast.AST | None) -> list[tuple[ast.AST | None, str]]:
    """(replacement, what changed) for each mutant of ``node`` itself; None removes a statement."""
    out: list[tuple[ast.AST | None, str]] = []
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _COMPARE_SWAP:
                new = copy.deepcopy(node)
                new.ops[i] = _COMPARE_SWAP[type(op)]()
                out.append((new, f"{_op(node, i)} -> {_op(new, i)}"))
    elif isinstance(node, ast.BoolOp):
        swapped = copy.deepcopy(node)
        swapped.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        out.append((swapped, "and -> or" if isinstance(node.op, ast.And) else "or -> and"))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        out.append((copy.deepcopy(node.operand), "not dropped"))
    elif isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAP and not _text(node):
        other = copy.deepcopy(node)
        other.op = _BINOP_SWAP[type(node.op)]()
        out.append((other, f"{_binop(node)} -> {_binop(other)}"))
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            out.append((ast.Constant(not value), f"{value} -> {not value}"))
        elif isinstance(value, int | float) and isinstance(parent, _NUMBER_PARENTS):
            out.append((ast.Constant(value + 1), f"{value!r} -> {value + 1!r}"))
        elif isinstance(value, str) and len(value) <= SHORT_STRING and _compared_or_passed(node, parent):
            out.append((ast.Constant("" if value else "X"), f"{value!r} -> {'' if value else 'X'!r}"))
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        out.append((None, "call removed"))
    elif isinstance(node, ast.Continue | ast.Break):
        out.append((None, f"{type(node).__name__.lower()} removed"))
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("sorted", "reversed")
        and node.args
    ):
        out.append((copy.deepcopy(node.args[0]), f"{node.func.id}() dropped"))
    return out


# Numbers that are limits and thresholds (compared, returned, assigned, computed with), not
# indices or arguments such as m.group(1), whose change any test of the function shows.
_NUMBER_PARENTS = (ast.Compare, ast.Return, ast.Assign, ast.AnnAssign, ast.IfExp, ast.BinOp)


def _compared_or_passed(node: ast.Constant, parent: ast.AST | None) -> bool:
    """A short string that is compared (`after in ".,;:"`, `== "auto"`) or handed to a call as
    text (`Run(" ")`, `.rstrip("*_")`), not a key looked up (`.get("href")`, `tok.meta["id"]`)."""
    if isinstance(parent, ast.Compare):
        return True
    return (
        isinstance(parent, ast.Call)
        and node in parent.args
        and not (isinstance(parent.func, ast.Attribute) and parent.func.attr in ("get", "pop", "setdefault"))
        and not (isinstance(parent.func, ast.Name) and parent.func.id in ("getattr", "hasattr", "setattr"))
    )


def _text(node: ast.BinOp) -> bool:
    """`+` between strings: `-` would only raise TypeError, which any test of the line shows."""
    return any(
        isinstance(side, ast.JoinedStr) or (isinstance(side, ast.Constant) and isinstance(side.value, str))
        for side in (node.left, node.right)
    )


def _op(node: ast.Compare, i: int) -> str:
    return {
        ast.Lt: "<",
        ast.LtE: "<=",
        ast.Gt: ">",
        ast.GtE: ">=",
        ast.Eq: "==",
        ast.NotEq: "!=",
        ast.In: "in",
        ast.NotIn: "not in",
        ast.Is: "is",
        ast.IsNot: "is not",
    }[type(node.ops[i])]


def _binop(node: ast.BinOp) -> str:
    return {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//"}.get(
        type(node.op), {ast.BitAnd: "&", ast.BitOr: "|"}.get(type(node.op), "?")
    )


def _skipped(node: ast.AST) -> set[int]:
    """ids of nodes never mutated: docstrings, annotations, and what they contain."""
    skip: set[int] = set()
    for n in ast.walk(node):
        body = getattr(n, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                skip.update(id(x) for x in ast.walk(body[0]))
        for annotation in _annotations(n):
            skip.update(id(x) for x in ast.walk(annotation))
        if isinstance(n, ast.JoinedStr):  # f-strings: message text, positions unreliable in 3.11
            skip.update(id(x) for x in ast.walk(n) if x is not n)
        if isinstance(n, ast.ImportFrom | ast.Import):
            skip.add(id(n))
        if isinstance(n, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets
        ):
            skip.update(id(x) for x in ast.walk(n))
    return skip


def _annotations(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.AnnAssign):
        return [node.annotation]
    if isinstance(node, ast.arg) and node.annotation:
        return [node.annotation]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
        return [node.returns]
    return []


def mutants(module: str) -> list[Mutant]:
    """Every mutant of ``module`` (a path under src/c7draft), in source order."""
    source = (ROOT / PACKAGE / module).read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = _skipped(tree)
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode("utf-8")))
    data = source.encode("utf-8")
    found: list[Mutant] = []

    def span(node: Any) -> tuple[int, int]:
        """Byte offsets of a node's source (ast nodes of expressions and statements have them)."""
        return offsets[node.lineno - 1] + node.col_offset, offsets[node.end_lineno - 1] + node.end_col_offset

    def visit(node: ast.AST, parent: ast.AST | None, grand: ast.AST | None, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            function = f"{function}.{node.name}" if function else node.name
        if id(node) not in skip and hasattr(node, "lineno"):
            for replacement, what in _changes(node, parent):
                start, end = span(node)
                # a constant is shown in the expression that holds it
                shown = grand if isinstance(parent, ast.keyword) else parent
                if not (isinstance(node, ast.Constant) and hasattr(shown, "end_lineno")):
                    shown = node
                original = data[slice(*span(shown))].decode("utf-8")
                text = "pass" if replacement is None else f"({ast.unparse(replacement)})"
                mutated = data[:start] + text.encode("utf-8") + data[end:]
                found.append(
                    Mutant(
                        module,
                        function or "<module>",
                        data.count(b"\n", 0, start) + 1,
                        f"{what} in `{' '.join(original.split())[:70]}`",
                        mutated.decode("utf-8"),
                    )
                )
        for child in ast.iter_child_nodes(node):
            visit(child, node, parent, function)

    visit(tree, None, None, "")
    times: dict[tuple[str, str], int] = {}
    for m in found:  # the same change twice in one function (two `x.unlink(missing_ok=True)`)
        times[m.function, m.description] = n = times.get((m.function, m.description), 0) + 1
        if n > 1:
            m.description += f" ({n}{'nd' if n == 2 else 'rd' if n == 3 else 'th'})"
    unique: list[Mutant] = []
    seen: set[str] = set()
    for m in found:  # the same text reached twice (e.g. a Constant inside a Compare) counts once
        if m.source not in seen and m.source != source:
            seen.add(m.source)
            unique.append(m)
    return unique


def sample(every: list[Mutant], size: int = SAMPLE) -> list[Mutant]:
    """``size`` of a module's mutants spread evenly over it (every k-th in source order), so
    each part of it is tried while a run stays within minutes; the same code, the same sample."""
    if len(every) <= size:
        return every
    return [every[i * len(every) // size] for i in range(size)]


def _scratch() -> Path:
    """A copy of the repository's tracked files (plus any new ones), where mutants are written."""
    folder = Path(tempfile.mkdtemp(prefix="c7draft-mutation-"))
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        path = ROOT / name.decode()
        if path.is_file():
            target = folder / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return folder


def _run(scratch: Path, tests: list[str], timeout: float) -> tuple[str, float, str]:
    """'passed', 'failed' or 'timeout' for the tests run in ``scratch``, the seconds taken and
    the end of pytest's report."""
    env = {
        **os.environ,
        "PYTHONPATH": str(scratch / "src"),
        # no .pyc is written for the scratch copy, so a mutant never runs an earlier one's bytecode
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-m", "not slow", "-p", "no:cacheprovider", *tests]
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=scratch, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started, ""
    report = done.stdout.decode(errors="replace")[-2000:]
    # exit 0 without pytest's summary line: the mutant ended pytest's own process (an
    # `os._exit` meant for a forked child, run in the parent), which no test can catch
    ended = re.search(r"^\d+ passed", report, re.MULTILINE) is not None
    outcome = "passed" if done.returncode == 0 and ended else "failed"
    return outcome, time.monotonic() - started, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules under src/c7draft (default: all thirty)")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--all", action="store_true", help=f"run every mutant, not {SAMPLE} per module")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each mutant's outcome")
    args = parser.parse_args(argv)
    modules = args.modules or list(TARGETS)
    unknown = [m for m in modules if m not in TARGETS]
    if unknown:
        parser.error(f"not a target: {', '.join(unknown)} (choose from {', '.join(TARGETS)})")
    if args.list:
        for module in modules:
            every = mutants(module)
            chosen = {id(m) for m in sample(every)}
            for m in every:
                mark = "  (equivalent)" if m.key in EQUIVALENT else ""
                mark += "  (sampled)" if id(m) in chosen else ""
                print(f"{module}:{m.line} {m.function}: {m.description}{mark}")
        return 0

    # A shell starts a background job with Ctrl-C ignored, and every process it starts would
    # inherit that: test_signals' c7draft would then never stop on SIGINT. A handler of our
    # own is reset to the default in each child.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    scratch = _scratch()
    rows: list[tuple[str, int, int, int, int, float]] = []
    survivors: list[Mutant] = []
    failed = False
    try:
        for module in modules:
            tests = TARGETS[module]
            target = scratch / PACKAGE / module
            original = target.read_text(encoding="utf-8")
            outcome, baseline, report = _run(scratch, tests, timeout=900)
            if outcome != "passed":  # once more: a loaded machine can fail a signal test's timing
                outcome, baseline, report = _run(scratch, tests, timeout=900)
            if outcome != "passed":
                print(
                    f"{module}: the tests fail without any mutant; fix them first\n{report}", file=sys.stderr
                )
                return 2
            timeout = 3 * baseline + 10
            killed = total = equivalent = 0
            every = mutants(module)
            for m in every if args.all else sample(every):
                if m.key in EQUIVALENT:
                    equivalent += 1
                    continue
                total += 1
                target.write_text(m.source, encoding="utf-8")
                try:
                    outcome, _, _ = _run(scratch, tests, timeout)
                finally:
                    target.write_text(original, encoding="utf-8")
                if outcome == "passed":
                    survivors.append(m)
                else:
                    killed += 1
                if args.verbose:
                    print(f"{outcome:>8}  {module}:{m.line} {m.function}: {m.description}", flush=True)
            score = 100 * killed / total if total else 100.0
            failed |= score < THRESHOLD
            rows.append((module, total + equivalent, equivalent, killed, total, score))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print("| module | mutants | equivalent | killed | score |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for module, all_, equivalent, killed, total, score in rows:
        print(f"| {module} | {all_} | {equivalent} | {killed} of {total} | {score:.0f}% |")
    if survivors:
        print("\nsurvivors (no test fails when this change is made):")
        for m in survivors:
            print(f"  {m.module}:{m.line} {m.function}: {m.description}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
