"""`pull`'s three-way merge, case by case: the build (the base stored in the .docx), the
YAML as it is now (ours) and the reviewed .docx (theirs). Whatever one side changed and the
other did not is applied; what both changed is a conflict that keeps the YAML; what pull
cannot place (front matter, a bullet moved out of its Part) is reported and not applied.
Each test reads back the files a person would open and the report pull gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from c7draft.build import build_submission
from c7draft.inputs import load_submission
from c7draft.inputs.edit import YamlEdits
from c7draft.review.pull import pull
from reviewing import Reviewer

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"
TRACKER = "Several countries requested the UNCTAD eTrade Reform Tracker"  # a bullet with a [^label] note
LONG = (
    "The assessments were carried out in 2025 with the ministries of trade and of ICT, with "
    "the support of the development partners named in each report."
)  # over 120 characters: a labelled note


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "draft.docx"
    build_submission(SAMPLE, out, check=False)
    return out


@pytest.fixture
def folder(tmp_path) -> Path:
    copy = tmp_path / "inputs"
    shutil.copytree(SAMPLE, copy)
    return copy


def _edit_yaml(path: Path, *edits) -> None:
    """Change a YAML file as a person would between the build and the pull."""
    yaml_edits = YamlEdits(path.read_text(encoding="utf-8"), str(path))
    for name, *args in edits:
        getattr(yaml_edits, name)(*args)
    path.write_text(yaml_edits.result(), encoding="utf-8")


def _rebuilt(folder: Path, tmp_path: Path, *edits) -> Reviewer:
    """The folder with its submission.yaml changed by ``edits``, built and opened for review."""
    _edit_yaml(folder / "submission.yaml", *edits)
    build_submission(folder, tmp_path / "draft.docx", check=False)
    return Reviewer(tmp_path / "draft.docx")


def _index(folder: Path, name: str, record_id: str) -> int:
    return YamlEdits((folder / name).read_text(encoding="utf-8")).ids(("records",)).index(record_id)


def _conflicts(result) -> list[tuple[str | None, str]]:
    return [(c.record_id, c.reason) for c in result.conflicts]


def test_a_bullet_deleted_in_word_but_changed_in_the_yaml_is_kept_as_a_conflict(built, folder, tmp_path):
    j = _index(folder, "unctad.yaml", "etrade-reform-tracker")
    _edit_yaml(folder / "unctad.yaml", ("set_text", ("records", j, "text"), "Tracker text, rewritten."))
    before = (folder / "unctad.yaml").read_bytes()
    r = Reviewer(built)
    r.delete(TRACKER)
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert _conflicts(result) == [
        (
            "etrade-reform-tracker",
            "deleted in Word, but changed in the YAML since the build: the record is kept",
        )
    ]
    assert result.exit_code == 1 and (folder / "unctad.yaml").read_bytes() == before


def test_a_bullet_edited_in_word_but_removed_from_the_yaml_is_a_conflict(built, folder, tmp_path):
    # the record and its place in `order:` removed from the YAML after the build
    _edit_yaml(
        folder / "unctad.yaml", ("remove_item", ("records", _index(folder, "unctad.yaml", "ige-8-session")))
    )
    order = load_submission(SAMPLE).submission.order["2"]
    _edit_yaml(
        folder / "submission.yaml", ("set_list", ("order", "2"), [i for i in order if i != "ige-8-session"])
    )
    r = Reviewer(built)
    r.type_over("The 8th session", "agreed on", "adopted")
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    [conflict] = result.conflicts
    assert (conflict.record_id, conflict.reason) == (
        "ige-8-session",
        "removed from the YAML since the build, but edited in Word",
    )
    assert "adopted a set of policy recommendations" in conflict.after and conflict.file.endswith(
        "unctad.yaml"
    )
    assert "ige-8-session" not in {r.record.id for r in load_submission(folder).records}


def test_a_bullet_moved_in_word_whose_section_changed_in_the_yaml_is_a_conflict(built, folder, tmp_path):
    j = _index(folder, "upu.yaml", "heya-post4women")
    _edit_yaml(folder / "upu.yaml", ("set_text", ("records", j, "section"), "3b"))
    order = load_submission(SAMPLE).submission.order
    _edit_yaml(
        folder / "submission.yaml",
        ("set_list", ("order", "3a"), [i for i in order["3a"] if i != "heya-post4women"]),
        ("set_list", ("order", "3b"), ["heya-post4women", *order["3b"]]),
    )
    r = Reviewer(built)
    r.move_after("The UPU Heya project", "Despite global growth")  # into section 2
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert _conflicts(result) == [
        ("heya-post4women", "moved to section 2 in Word, and its section changed in the YAML")
    ]
    [record] = [x for x in load_submission(folder).records if x.record.id == "heya-post4women"]
    assert record.record.section == "3b"
    assert (result.conflicts[0].file, result.conflicts[0].line) == (str(record.file), record.text_line)


def test_a_bullet_deleted_in_word_is_reported_with_the_text_it_had(built, folder, tmp_path):
    r = Reviewer(built)
    r.delete(TRACKER)
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    [change] = result.changes
    assert (change.kind, change.record_id, change.after) == ("removed", "etrade-reform-tracker", "")
    assert change.before.startswith(TRACKER) and change.file.endswith("unctad.yaml")


def test_a_bullet_moved_into_part_1_is_a_conflict_and_stays_where_it_was(built, folder, tmp_path):
    r = Reviewer(built)
    r.move_after("The UPU Heya project", "Developing countries need increased")
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert _conflicts(result) == [
        ("heya-post4women", "moved out of Parts 2 and 3 in Word: put it back under a heading of its Part")
    ]
    assert result.files == {}


def test_front_matter_added_or_deleted_in_word_is_reported_not_applied(built, folder, tmp_path):
    r = Reviewer(built)
    r.add_bullet_after("Twenty-ninth session", "A line typed into the header.")
    r.delete("Submission by")
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert [(e.key, e.kind, e.before, e.after) for e in result.front_matter if e.kind == "added"] == [
        ("the template front_matter.md.j2", "added", "", "A line typed into the header.")
    ]
    [removed] = [e for e in result.front_matter if e.kind == "removed"]
    assert removed.before.startswith("Submission by") and removed.after == ""
    assert result.files == {} and result.changes == []


def test_front_matter_retyped_in_other_capitals_is_no_edit(built, folder, tmp_path):
    r = Reviewer(built)
    r.type_over("DISCLAIMER", "DISCLAIMER", "Disclaimer")  # the same words, once normalised
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert result.front_matter == [] and result.files == {}


# ---------------------------------------------------------------- footnotes
def test_a_long_note_added_in_word_joins_the_records_footnotes(built, folder, tmp_path):
    r = Reviewer(built)
    r.add_footnote(TRACKER, "training activities underway.", LONG)
    assert pull(r.save(tmp_path / "reviewed.docx"), folder, write=True).exit_code == 0
    text = (folder / "unctad.yaml").read_text(encoding="utf-8")
    assert "underway.[^note-1][^tracker-countries]\n" in text  # inserted before the old note
    assert (
        "        and Tobago, Zimbabwe and ECOWAS member countries.\n"
        "      note-1: >-\n"
        "        The assessments were carried out in 2025 with the ministries of trade and of ICT,\n"
        "        with the support of the development partners named in each report.\n"
    ) in text


def test_a_long_note_added_to_a_record_without_notes_makes_its_footnotes(built, folder, tmp_path):
    r = Reviewer(built)
    r.add_footnote("The 8th session", "Digital Economy Report 2024.", LONG)
    assert pull(r.save(tmp_path / "reviewed.docx"), folder, write=True).exit_code == 0
    [record] = [x.record for x in load_submission(folder).records if x.record.id == "ige-8-session"]
    assert record.text.endswith("Digital Economy Report 2024.[^note-1]") and record.footnotes == {
        "note-1": LONG
    }
    text = (folder / "unctad.yaml").read_text(encoding="utf-8")
    assert (
        "      of UNCTAD's Digital Economy Report 2024.[^note-1]\n    footnotes:\n      note-1: >-\n" in text
    )


def test_one_of_two_labelled_notes_deleted_leaves_the_other(built, folder, tmp_path):
    r = Reviewer(built)
    r.add_footnote(TRACKER, "training activities underway.", LONG)
    step = r.save(tmp_path / "step.docx")
    assert pull(step, folder, write=True).exit_code == 0
    build_submission(folder, tmp_path / "rebuilt.docx", check=False)
    r = Reviewer(tmp_path / "rebuilt.docx")
    r.delete_footnote(TRACKER, 1)  # the second of its two notes, the old one
    assert pull(r.save(tmp_path / "reviewed.docx"), folder, write=True).exit_code == 0
    [record] = [x.record for x in load_submission(folder).records if x.record.id == "etrade-reform-tracker"]
    assert record.footnotes == {"note-1": LONG} and record.text.endswith("underway.[^note-1]")
    assert "tracker-countries" not in (folder / "unctad.yaml").read_text(encoding="utf-8")


def test_a_note_edited_in_word_leaves_its_records_text_lines_as_they_were(built, folder, tmp_path):
    # the text is wrapped narrower than pull would wrap it: a note's edit must not re-wrap it
    path = folder / "unctad.yaml"
    narrow = path.read_text(encoding="utf-8").replace(
        "      Several countries requested the UNCTAD eTrade Reform Tracker, with deployment and\n"
        "      training activities underway.[^tracker-countries]\n",
        "      Several countries requested the UNCTAD eTrade Reform Tracker,\n"
        "      with deployment and training activities underway.[^tracker-countries]\n",
    )
    path.write_text(narrow, encoding="utf-8")
    build_submission(folder, tmp_path / "narrow.docx", check=False)
    r = Reviewer(tmp_path / "narrow.docx")
    r.footnote("In Fiji, Ghana, Jordan", "In Fiji, Ghana, Jordan, Lesotho")
    assert pull(r.save(tmp_path / "reviewed.docx"), folder, write=True).exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert "Reform Tracker,\n      with deployment and training" in after and "Jordan, Lesotho" in after


OLD_NOTE = (
    "In Fiji, Ghana, Jordan, Kenya, Mauritania, Peru, Samoa, Solomon Islands, Trinidad and Tobago, "
    "Zimbabwe and ECOWAS member countries."
)


@pytest.mark.parametrize(
    ("edited_note", "keeps_label"),
    [
        # 80 alike, exactly the bar: still the tracker's note, under its label
        (
            "In Fiji, Ghana, Jordan, Kenya, Mauritania, Peru, Samoa, Solomon Islands, Trinidad and Others.",
            True,
        ),
        # 79.8: another note now; short, so it is written inline
        (
            "In Fiji, Ghana, Jordan, Kenya, Mauritania, Peru, Samoa, Solomon Islands, Trinidad and All others, too.",
            False,
        ),
    ],
)
def test_when_a_note_is_added_the_old_notes_keep_their_labels_by_their_text(
    built, folder, tmp_path, edited_note, keeps_label
):
    r = Reviewer(built)
    r.add_footnote(TRACKER, "training activities underway.", LONG)
    r.footnote(OLD_NOTE, edited_note)
    assert pull(r.save(tmp_path / "reviewed.docx"), folder, write=True).exit_code == 0
    [record] = [x.record for x in load_submission(folder).records if x.record.id == "etrade-reform-tracker"]
    if keeps_label:
        assert record.footnotes == {"note-1": LONG, "tracker-countries": edited_note}
        assert record.text.endswith("underway.[^note-1][^tracker-countries]")
    else:
        assert record.footnotes == {"note-1": LONG}
        assert record.text.endswith(f"underway.[^note-1]^[{edited_note}]")


# ---------------------------------------------------------------- Part 1, the executive summary
FIRST, SECOND, THIRD = (
    "Action line C7 (e-business) in 2025",
    "Developing countries need",
    "ITC, UNCTAD and UPU continued",
)


def _summary(folder: Path) -> list[str]:
    return load_submission(folder).submission.executive_summary


def _set_summary(folder: Path, j: int, text: str) -> None:
    _edit_yaml(folder / "submission.yaml", ("set_text", ("executive_summary", j), text))


def test_a_summary_paragraph_changed_in_the_yaml_and_in_word_is_a_conflict(built, folder, tmp_path):
    _set_summary(folder, 1, "Developing countries need support, said the YAML.")
    r = Reviewer(built)
    r.type_over(SECOND, "need increased", "need more")
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    [conflict] = result.conflicts
    assert (conflict.record_id, conflict.line, conflict.reason) == (
        "executive_summary[1]",
        41,
        "changed in submission.yaml since the build and in Word: the YAML is kept",
    )
    assert conflict.before == "Developing countries need support, said the YAML."
    assert conflict.after.startswith("Developing countries need more international support")
    assert _summary(folder)[1] == "Developing countries need support, said the YAML."


def test_a_summary_paragraph_deleted_in_word(built, folder, tmp_path):
    r = Reviewer(built)
    r.delete(SECOND)
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert [(c.kind, c.record_id, c.line, c.after) for c in result.changes] == [
        ("removed", "executive_summary[1]", 41, "")
    ]
    assert result.front_matter == []  # a summary paragraph is not front matter
    summary = _summary(folder)
    assert len(summary) == 2 and summary[0].startswith(FIRST) and summary[1].startswith(THIRD)


def test_a_summary_paragraph_deleted_in_word_but_changed_in_the_yaml_is_kept(built, folder, tmp_path):
    _set_summary(folder, 1, "Developing countries need support, said the YAML.")
    r = Reviewer(built)
    r.delete(SECOND)
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert [(c.record_id, c.reason) for c in result.conflicts] == [
        (
            "executive_summary[1]",
            "deleted in Word, but changed in submission.yaml since the build: kept",
        )
    ]
    assert (
        _summary(folder)[1] == "Developing countries need support, said the YAML."
        and len(_summary(folder)) == 3
    )


def test_summary_paragraphs_reordered_in_word_are_not_applied(built, folder, tmp_path):
    r = Reviewer(built)
    r.move_after(FIRST, THIRD)
    before = (folder / "submission.yaml").read_bytes()
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert [(c.record_id, c.line, c.reason) for c in result.conflicts] == [
        (
            "executive_summary",
            35,
            "the summary's paragraphs were reordered in Word: not applied; reorder them by hand",
        )
    ]
    assert (folder / "submission.yaml").read_bytes() == before


def test_a_summary_paragraph_added_in_the_yaml_stays_in_its_place_beside_word_edits(built, folder, tmp_path):
    _edit_yaml(
        folder / "submission.yaml",
        ("insert_item", ("executive_summary",), 0, "  - A paragraph from the YAML."),
    )
    r = Reviewer(built)
    r.type_over(THIRD, "continued to deliver", "delivered")
    r.add_bullet_after(FIRST, "A paragraph typed in Word.")
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert result.exit_code == 0 and result.conflicts == []
    # both new paragraphs follow the first: the YAML's keeps its place, Word's comes after it
    starts = (
        FIRST,
        "A paragraph from the YAML.",
        "A paragraph typed in Word.",
        SECOND,
        "ITC, UNCTAD and UPU delivered",
    )
    summary = _summary(folder)
    assert len(summary) == 5 and all(p.startswith(start) for p, start in zip(summary, starts, strict=True))
    # pulled again: the YAML already says what Word says
    assert [(c.kind, c.before) for c in result.changes if c.kind == "added"] == [("added", "")]
    again = pull(r.save(tmp_path / "reviewed.docx"), folder)
    assert again.changes == [] and again.conflicts == [] and again.files == {}


def test_notes_keep_their_labels_in_order_when_one_is_added_between_them_or_one_is_copied(
    built, folder, tmp_path
):
    r = Reviewer(built)
    r.add_footnote(TRACKER, "training activities underway.", LONG)
    assert pull(r.save(tmp_path / "step.docx"), folder, write=True).exit_code == 0
    build_submission(folder, tmp_path / "rebuilt.docx", check=False)  # [^note-1][^tracker-countries]
    r = Reviewer(tmp_path / "rebuilt.docx")
    r.add_footnote(TRACKER, 0, "A short note between them.")  # after the first
    assert pull(r.save(tmp_path / "reviewed.docx"), folder, write=True).exit_code == 0
    [record] = [x.record for x in load_submission(folder).records if x.record.id == "etrade-reform-tracker"]
    assert record.text.endswith("underway.[^note-1]^[A short note between them.][^tracker-countries]")
    assert set(record.footnotes) == {"note-1", "tracker-countries"}


def test_a_note_copied_in_word_is_a_note_of_its_own(built, folder, tmp_path):
    r = Reviewer(built)
    r.add_footnote(TRACKER, 0, OLD_NOTE)  # the same words as the note before it
    assert pull(r.save(tmp_path / "reviewed.docx"), folder, write=True).exit_code == 0
    [record] = [x.record for x in load_submission(folder).records if x.record.id == "etrade-reform-tracker"]
    assert record.text.endswith("underway.[^tracker-countries][^note-1]")
    assert record.footnotes == {"tracker-countries": OLD_NOTE, "note-1": OLD_NOTE}


def test_a_summary_paragraph_added_at_the_end_of_the_yaml_stays_last(built, folder, tmp_path):
    _edit_yaml(
        folder / "submission.yaml", ("insert_item", ("executive_summary",), None, "  - The YAML's last word.")
    )
    r = Reviewer(built)
    r.type_over(SECOND, "need increased", "need more")
    assert pull(r.save(tmp_path / "reviewed.docx"), folder, write=True).exit_code == 0
    summary = _summary(folder)
    assert summary[1].startswith("Developing countries need more") and summary[3] == "The YAML's last word."


def test_a_summary_paragraph_deleted_while_a_paragraph_like_it_is_unmatched_is_kept(built, folder, tmp_path):
    r = Reviewer(built)
    r.delete(SECOND)
    like = "Developing countries need increased international support to bridge gaps in skills."
    r.add_bullet_after(THIRD, like)
    before = (folder / "submission.yaml").read_bytes()
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert [(c.kind, c.after) for c in result.conflicts] == [("unmatched", like)]
    assert result.changes == [] and (folder / "submission.yaml").read_bytes() == before


# ---------------------------------------------------------------- `order:`
HEYA, LAST_3A = "The UPU Heya project", "Finally, a new UPU"  # the last two bullets of section 3a


def _order(folder: Path) -> dict[str, list[str]]:
    return load_submission(folder).submission.order


def test_a_bullet_moved_in_word_while_order_changed_in_the_yaml_is_a_conflict(built, folder, tmp_path):
    was = _order(SAMPLE)["3a"]
    yaml_order = [was[-1], *was[:-1]]  # the last one first, in the YAML
    _edit_yaml(folder / "submission.yaml", ("set_list", ("order", "3a"), yaml_order))
    r = Reviewer(built)
    r.move_after(HEYA, LAST_3A)  # the last two swapped in Word: the last one counts as moved
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    line = load_submission(folder).order_lines["3a"]
    assert [(c.record_id, c.line, c.reason) for c in result.conflicts] == [
        (
            "unified-data-platform",
            line,
            "moved in Word, and `order:` of section 3a changed in the YAML since the build: the YAML order is kept",
        )
    ]
    assert _order(folder)["3a"] == yaml_order


@pytest.mark.parametrize("at", [0, 1])
def test_a_record_added_to_order_in_the_yaml_stays_after_the_one_it_follows(built, folder, tmp_path, at):
    new = (
        "  - id: yaml-added\n    section: 3a\n    text: >-\n      A record added in the YAML after the build."
    )
    _edit_yaml(folder / "upu.yaml", ("insert_item", ("records",), None, new))
    was = _order(SAMPLE)["3a"]
    _edit_yaml(
        folder / "submission.yaml", ("set_list", ("order", "3a"), [*was[:at], "yaml-added", *was[at:]])
    )
    r = Reviewer(built)
    r.move_after(HEYA, LAST_3A)  # the last two swapped
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert result.conflicts == [] and [(c.kind, c.record_id) for c in result.changes] == [
        ("moved", "unified-data-platform")
    ]
    in_word = [*[r for r in was if r != "heya-post4women"], "heya-post4women"]
    assert _order(folder)["3a"] == [*in_word[:at], "yaml-added", *in_word[at:]]


@pytest.mark.parametrize(
    "no_order",
    [
        pytest.param(("remove_key", ("order",)), id="no order key"),
        pytest.param(("replace_value", ("order",), "{}"), id="order: {}"),
        pytest.param(("remove_key", ("order", "3a")), id="order without the section"),
    ],
)
def test_a_section_without_order_gets_one_when_word_moves_a_bullet(folder, tmp_path, no_order):
    r = _rebuilt(folder, tmp_path, no_order)
    default = [b.record.id for b in load_submission(folder).records if b.record.section == "3a"]
    assert default[-2:] == ["heya-post4women", "unified-data-platform"]
    r.move_after(HEYA, LAST_3A)
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert result.conflicts == []
    order = _order(folder)
    assert order["3a"] == [rid for rid in default if rid != "heya-post4women"] + ["heya-post4women"]
    assert ("moved", None) in [(c.kind, c.record_id) for c in result.changes]


def test_a_section_without_order_whose_bullets_keep_their_order_gets_none(folder, tmp_path):
    r = _rebuilt(folder, tmp_path, ("remove_key", ("order",)))
    r.type_over(HEYA, "Heya project", "Heya programme")
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert [c.kind for c in result.changes] == ["edited"] and _order(folder) == {}


def test_a_bullet_typed_in_word_where_the_default_order_puts_it_needs_no_order(folder, tmp_path):
    r = _rebuilt(folder, tmp_path, ("remove_key", ("order",)))
    r.add_bullet_after(HEYA, "The UPU also opened a postal e-commerce hub in 2025.")
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert [c.kind for c in result.changes] == ["added"] and _order(folder) == {}
    upu = [x.record.id for x in load_submission(folder).records if x.file.name == "upu.yaml"]
    assert upu.index("heya-post4women") + 1 == upu.index(result.changes[0].record_id)


# ---------------------------------------------------------------- bullets added in Word
NO_AGENCY = "A new online course on digital trade was launched for small firms in 2025."
ITC_SECOND = "An ITC project in South-East Asia"  # digital-trade-development-report, after ITC's outlook


def _added(result) -> list[tuple[str, str]]:
    return [(c.record_id, Path(c.file).name) for c in result.changes if c.kind == "added"]


def _ids(folder: Path, name: str) -> list[str]:
    return YamlEdits((folder / name).read_text(encoding="utf-8")).ids(("records",))


def test_a_bullet_naming_no_agency_joins_the_agency_of_the_bullet_before_it(built, folder, tmp_path):
    r = Reviewer(built)
    r.add_bullet_after(ITC_SECOND, NO_AGENCY)
    r.add_bullet_after(NO_AGENCY, "A second course followed for women-led firms in 2025.")
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    [(first, file), (second, file_2)] = _added(result)
    assert file == file_2 == "itc.yaml" and result.changes[0].before == ""
    ids = _ids(folder, "itc.yaml")  # right after that bullet, in the order typed
    assert ids[
        ids.index("digital-trade-development-report") + 1 : ids.index("digital-trade-development-report") + 3
    ] == [
        first,
        second,
    ]


def test_a_bullet_typed_first_in_a_section_joins_the_agency_of_the_bullet_after_it(built, folder, tmp_path):
    r = Reviewer(built)
    r.add_bullet_before("In recognition of the importance", NO_AGENCY)  # section 3a's first, UNCTAD's
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    [(rid, file)] = _added(result)
    ids = _ids(folder, "unctad.yaml")
    assert file == "unctad.yaml" and ids[ids.index("women-entrepreneurs-study-tour") - 1] == rid
    assert _order(folder)["3a"][:2] == [rid, "women-entrepreneurs-study-tour"]


def test_a_bullet_typed_after_one_deleted_in_the_same_review_goes_after_the_one_before(
    built, folder, tmp_path
):
    r = Reviewer(built)
    r.add_bullet_after(ITC_SECOND, NO_AGENCY)
    r.delete(ITC_SECOND)
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    [(rid, file)] = _added(result)
    ids = _ids(folder, "itc.yaml")
    assert file == "itc.yaml" and ids[ids.index("sme-competitiveness-outlook-2025") + 1] == rid


def test_a_bullet_typed_after_one_removed_from_the_yaml_since_the_build(built, folder, tmp_path):
    _edit_yaml(
        folder / "itc.yaml",
        ("remove_item", ("records", _index(folder, "itc.yaml", "digital-trade-development-report"))),
    )
    order = load_submission(SAMPLE).submission.order["2"]
    _edit_yaml(
        folder / "submission.yaml",
        ("set_list", ("order", "2"), [i for i in order if i != "digital-trade-development-report"]),
    )
    r = Reviewer(built)
    r.add_bullet_after(ITC_SECOND, NO_AGENCY)
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    assert result.conflicts == [] and [file for _, file in _added(result)] == ["itc.yaml"]


def test_a_bullet_added_in_word_is_not_taken_for_a_record_added_in_the_yaml(built, folder, tmp_path):
    new = '  - id: yaml-added\n    section: "2"\n    text: >-\n      The ITC record added in the YAML after the build.'
    _edit_yaml(folder / "itc.yaml", ("insert_item", ("records",), None, new))
    r = Reviewer(built)
    r.add_bullet_after(ITC_SECOND, NO_AGENCY)
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    [(rid, _)] = _added(result)
    records = {x.record.id: x.record.text for x in load_submission(folder).records}
    assert rid != "yaml-added" and records[rid] == NO_AGENCY and "yaml-added" in records


def test_a_bullet_added_to_a_folder_without_order_pulled_twice_changes_nothing_more(folder, tmp_path):
    r = _rebuilt(folder, tmp_path, ("remove_key", ("order",)))
    r.add_bullet_after(HEYA, "The UPU also opened a postal e-commerce hub in 2025.")
    r.add_bullet_after(HEYA, "The UPU also opened a postal e-commerce hub in 2025.")  # typed twice
    reviewed = r.save(tmp_path / "reviewed.docx")
    first = pull(reviewed, folder, write=True)
    assert [c.kind for c in first.changes] == ["added", "added"]
    again = pull(reviewed, folder)
    assert again.changes == [] and again.conflicts == [] and again.files == {}


def test_a_bullet_typed_first_in_part_2_goes_right_before_the_bullet_after_it(built, folder, tmp_path):
    r = Reviewer(built)
    r.add_bullet_before("For the first time, developing", NO_AGENCY)  # UNCTAD's, then UPU's, UNCTAD's
    result = pull(r.save(tmp_path / "reviewed.docx"), folder, write=True)
    [(rid, file)] = _added(result)
    ids = _ids(folder, "unctad.yaml")
    assert file == "unctad.yaml" and ids[ids.index("digitally-deliverable-services") - 1] == rid
