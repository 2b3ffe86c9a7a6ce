"""`c7draft check DRAFT DRAFT ...`: several drafts in one run, as the CSTD secretariat checks
the year's inputs: a report per draft, the same text in two drafts, one exit code."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"

PRIOR_TEXT = [
    "The agency trained customs officials from twelve landlocked countries on electronic single windows.",
    "A regional workshop on cross-border parcel tracking gathered postal operators from the Sahel region.",
]
SHARED = (
    "Women entrepreneurs in coastal fishing villages learned to sell smoked fish through "
    "mobile marketplaces with cooperative payment accounts."
)
OWN = {
    "a": [
        SHARED,
        "Our team mapped warehouse capacity along northern rail corridors for small exporters of dried fruit.",
    ],
    "b": [
        SHARED.replace("smoked", "dried").replace("mobile", "online"),  # a word or two changed
        PRIOR_TEXT[0],  # recycled from the prior, verbatim
    ],
    "c": [
        "Pilot hubs in mountain districts helped weavers photograph textiles for export catalogues abroad.",
        "Volunteer mentors reviewed business plans of rural cooperatives selling honey to urban retailers.",
    ],
}


def _txt(path: Path, session: str, sentences: list[str], by: str = "") -> Path:
    body = "\n".join(f"- {s}" for s in sentences)
    masthead = f"**{session} session**\n\n" + (f"Submission by\n\n{by}\n\n" if by else "")
    path.write_text(f"{masthead}Part 2: Overview\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def run(tmp_path):
    """Three drafts of this year (a folder of two, and one file), and one prior."""
    prior = _txt(tmp_path / "prior-cstd27.txt", "Twenty-seventh", PRIOR_TEXT)
    folder = tmp_path / "inputs-2026"
    folder.mkdir()
    drafts = [_txt(folder / f"draft-{k}.txt", "Twenty-ninth", OWN[k]) for k in ("a", "b")]
    (folder / "README.md").write_text("# The year's inputs\n", encoding="utf-8")  # not a draft
    drafts.append(_txt(tmp_path / "draft-c.txt", "Twenty-ninth", OWN["c"], by="Example Agency"))
    cache = tmp_path / "cache"

    def check(*args):
        return c7draft("check", *args, "--against", prior, cache=cache)

    return check, folder, drafts, prior


def test_json_one_report_per_draft_as_a_single_run_gives_it(run):
    check, folder, drafts, _ = run
    many = check(folder, drafts[2], "--format", "json")
    assert many.returncode == 0, many.stderr
    data = json.loads(many.stdout)
    assert list(data) == ["drafts", "across_drafts"]
    assert [Path(d["draft"]).name for d in data["drafts"]] == ["draft-a.txt", "draft-b.txt", "draft-c.txt"]
    for draft, report in zip(drafts, data["drafts"], strict=True):
        single = json.loads(check(draft, "--format", "json").stdout)
        # a single DRAFT keeps today's shape: the same object, key for key
        assert list(single) == [
            "draft",
            "draft_title",
            "draft_session",
            "draft_year",
            "thresholds",
            "priors",
            "nothing_compared",
            "notes",
            "matches",
        ]
        assert report == single
    [recycled] = data["drafts"][1]["matches"]
    assert recycled["band"] == "verbatim" and recycled["prior_source"] == "prior-cstd27.txt"


def test_across_drafts_pairs_the_same_text_in_two_drafts(run):
    check, folder, drafts, _ = run
    data = json.loads(check(folder, drafts[2], "--format", "json").stdout)
    [across] = data["across_drafts"]
    assert (across["draft"], across["other_draft"]) == ("draft-a.txt", "draft-b.txt")
    assert across["draft_text"] == SHARED and "dried fish" in across["prior_text"]
    assert across["kind"] == "across drafts" and across["band"] in ("near-verbatim", "light edit")
    assert across["draft_location"] == across["prior_location"] == "Part 2, bullet 1"
    # a prior is not a draft: the recycled sentence of draft b is a prior match only
    assert PRIOR_TEXT[0] not in (across["draft_text"], across["prior_text"])


def test_one_file_named_twice_is_not_matched_with_itself(run, tmp_path):
    check, _, drafts, _ = run
    data = json.loads(check(drafts[0], drafts[0], "--format", "json").stdout)
    assert len(data["drafts"]) == 2 and data["across_drafts"] == []
    # nor with a copy of it; both drafts' notes, and the terminal, say so
    copy = tmp_path / "copy" / drafts[0].name
    copy.parent.mkdir()
    copy.write_bytes(drafts[0].read_bytes())
    result = check(drafts[0], copy, drafts[1], "--format", "json")
    data = json.loads(result.stdout)
    note = f"{drafts[0]} and {copy} hold the same bytes (one file named twice, or a copy): not compared with each other"
    assert [d["notes"] for d in data["drafts"]] == [[note], [note], []]
    assert {(a["draft"], a["other_draft"]) for a in data["across_drafts"]} == {("draft-a.txt", "draft-b.txt")}
    assert result.stderr.count(note) == 1


def test_table_has_a_section_per_draft_then_a_summary_line_per_draft(run):
    check, folder, drafts, _ = run
    out = check(folder, drafts[2]).stdout
    assert out.startswith(
        "Checked 3 drafts: 1 match against prior documents or within a draft, 1 match across"
    )
    heads = re.findall(r"^=== (.*) ===$", out, re.M)
    assert heads == [
        f"Draft 1 of 3: {drafts[0].name}",
        f"Draft 2 of 3: {drafts[1].name}",
        f"Draft 3 of 3: {drafts[2].name}",
        "Across drafts: 1 match",
        "Summary: matches per band (across drafts included)",
    ]
    summary = out.split("=== Summary")[1]
    band = json.loads(check(folder, "--format", "json").stdout)["across_drafts"][0]["band"]
    assert f"1. {drafts[0].name}: 1 {band}\n" in summary
    assert f"2. {drafts[1].name}: 1 verbatim, 1 {band}\n" in summary
    assert f"3. {drafts[2].name}: no match\n" in summary
    assert out.count("Bands (score") == 1  # the key once, at the end


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.rows, self._row = [], set(), [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a":
            self.links.append(attrs.get("href"))
        if tag == "tr":
            self._row = []
        if tag in ("td", "th") and self._row is not None:
            self._row.append("")

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._row:
            self._row[-1] += data.strip()


def test_html_index_row_per_draft_linked_to_its_section(run, tmp_path):
    check, folder, drafts, _ = run
    out = tmp_path / "report.html"
    done = check(folder, drafts[2], SAMPLE, "--format", "html", "-o", out)
    assert done.returncode == 0, done.stderr
    page = _Page()
    page.feed(out.read_text(encoding="utf-8"))
    header = ["Draft", "Entity", "Session", "verbatim", "near-verbatim", "light edit", "moderate edit"]
    [index_head] = [r for r in page.rows if r[:3] == header[:3]]
    assert index_head == [*header, "condensed"]
    rows = [r for r in page.rows if r and r[0] in ("draft-a.txt", "draft-b.txt", "draft-c.txt")]
    assert [r[0] for r in rows] == ["draft-a.txt", "draft-b.txt", "draft-c.txt"]
    assert rows[1][2] == "29th (2026)" and rows[1][3] == "1"  # draft b: its verbatim match
    assert rows[2][1] == "Example Agency" and rows[0][1] == ""  # the masthead's "Submission by"
    [yaml_row] = [r for r in page.rows if r and r[0].startswith("WSIS Action Line C7")]
    assert yaml_row[1] == "ITC, UNCTAD, UPU"
    assert [f"#draft-{k}" for k in (1, 2, 3, 4)] == [a for a in page.links if a.startswith("#draft-")][:4]
    assert {"draft-1", "draft-2", "draft-3", "draft-4", "across-drafts"} <= page.ids


def test_fail_on_applies_to_any_draft(run, tmp_path):
    check, folder, drafts, _ = run
    assert check(drafts[2], "--fail-on", "moderate-edit").returncode == 0  # draft c alone: clean
    assert check(drafts[2], folder, "--fail-on", "verbatim").returncode == 1  # draft b's verbatim
    assert check(drafts[2], folder, "--fail-on", "verbatim", "--format", "json").returncode == 1
    # a match across drafts counts too: a copy of draft a's first bullet, nothing from the prior
    copy = _txt(tmp_path / "draft-d.txt", "Twenty-ninth", [SHARED])
    assert check(drafts[0], drafts[2], "--fail-on", "condensed").returncode == 0
    assert check(drafts[0], copy, drafts[2], "--fail-on", "verbatim").returncode == 1


def test_a_folder_without_drafts_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.yaml").write_text("x: 1\n", encoding="utf-8")
    done = c7draft("check", empty, cache=tmp_path / "cache")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"error: {empty}: this folder holds no draft to check" in done.stderr


@pytest.mark.parametrize("delay, shown", [(0.0, True), (60.0, False)])
def test_progress_bar_on_a_terminal_only_once_a_run_has_taken_its_delay(monkeypatch, delay, shown):
    import os
    import pty
    import select
    import sys

    from c7draft.check.progress import delayed_progress

    master, slave = pty.openpty()
    terminal = os.fdopen(slave, "w", encoding="utf-8")  # closed below, after the bar is read
    monkeypatch.setattr(sys, "stderr", terminal)
    with delayed_progress(True, 3, "Checking drafts", delay=delay) as advance:
        for _ in range(3):
            advance()
    terminal.flush()
    # The kernel passes what the terminal side wrote to the other side in its own time, in
    # pieces: read until nothing more has come for half a second (one read could see only
    # the first piece, rich's "hide the cursor", on a busy machine).
    chunks = []
    while select.select([master], [], [], 0.5)[0]:
        chunk = os.read(master, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    written = b"".join(chunks).decode("utf-8", "replace")
    terminal.close()
    os.close(master)
    assert ("Checking drafts" in written) is shown


def test_a_drafts_own_repeats_are_found_as_when_checked_alone(run, tmp_path):
    """Several drafts are searched against each other in one index: a draft's bullets that
    repeat each other are still its within-draft matches, exactly as on its own."""
    check, _, drafts, _ = run
    repeats = _txt(tmp_path / "draft-e.txt", "Twenty-ninth", [OWN["c"][0], OWN["c"][0].replace("three", "3")])
    alone = json.loads(check(repeats, "--format", "json").stdout)
    [within] = alone["matches"]
    assert within["kind"] == "within draft"
    together = json.loads(check(drafts[0], repeats, "--format", "json").stdout)
    assert together["drafts"][1] == alone


def test_a_last_draft_with_one_sentence_and_a_bullet_too_short_to_compare_is_checked(run, tmp_path):
    """The drafts' sentences are numbered through all of them; the last draft's first one
    is its last one here ("Done." is under the three-word floor): still its own."""
    check, _, drafts, _ = run
    short = _txt(tmp_path / "draft-f.txt", "Twenty-ninth", [OWN["c"][1], "Done."])
    result = check(drafts[0], short, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [len(d["matches"]) for d in json.loads(result.stdout)["drafts"]] == [0, 0]


def test_files_of_a_folder_that_are_no_draft_are_named_in_a_note(run):
    """A .doc or a spreadsheet among the year's inputs is not read, and the run says so once
    (the terminal, the JSON's and the HTML's notes of the run); a README, a hidden file and
    Word's lock file are passed over in silence, as before."""
    check, folder, drafts, _ = run
    for name in ("c5-input.doc", "budget.xlsx", ".DS_Store", "~$aft-a.docx"):
        (folder / name).write_bytes(b"x")
    result = check(folder, drafts[2], "--format", "json")
    note = (
        "2 files not checked, as c7draft reads drafts only as .docx, .pdf, .md or .txt (save a draft "
        f"as one of them to check it): {folder / 'budget.xlsx'}, {folder / 'c5-input.doc'}"
    )
    data = json.loads(result.stdout)
    assert data["notes"] == [note] and len(data["drafts"]) == 3
    assert all(note not in d["notes"] for d in data["drafts"])
    assert result.stderr.count(note) == 1
    html = check(folder, drafts[2], "--format", "html").stdout
    assert html.count(note) == 1
    # a run without such files has no notes of its own: the JSON keeps its two keys
    (folder / "c5-input.doc").unlink()
    (folder / "budget.xlsx").unlink()
    assert list(json.loads(check(folder, drafts[2], "--format", "json").stdout)) == [
        "drafts",
        "across_drafts",
    ]


def test_a_draft_that_cannot_be_read_does_not_stop_the_others(run, tmp_path):
    """A damaged .docx among the year's inputs, and a file named that does not exist: the
    other drafts are checked and reported as without them, a note of the run names the two,
    their errors (file and what to change) follow the report, and the run exits 2, even
    where --fail-on would exit 1."""
    check, folder, drafts, _ = run
    expected = json.loads(check(folder, drafts[2], "--format", "json").stdout)
    (folder / "c5-input.docx").write_bytes(b"not a Word document")
    missing = tmp_path / "draft-d.txt"
    result = check(folder, drafts[2], missing, "--format", "json", "--fail-on", "moderate-edit")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    note = (
        "2 drafts not checked, as c7draft could not read them (the run's errors say what to change): "
        f"{folder / 'c5-input.docx'} (Word document is not a valid Word .docx file (PackageNotFoundError: "
        f"Package not found at '{folder / 'c5-input.docx'}')), {missing} (no such file or folder)"
    )
    assert data == expected | {"notes": [note]}
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert sorted(e.split(": ")[1] for e in errors) == sorted([str(folder / "c5-input.docx"), str(missing)])
    assert "hint: open it in Word or LibreOffice" in result.stderr
    assert result.stderr.index(f"note: {note}") < result.stderr.index("error: ")
    table = check(folder, drafts[2], missing)
    assert table.returncode == 2 and table.stdout.startswith("Checked 3 drafts")
    assert html.unescape(check(folder, drafts[2], missing, "--format", "html").stdout).count(note) == 1


def test_when_no_draft_can_be_read_there_is_no_report_only_the_errors(run, tmp_path):
    check, *_ = run
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(b"not a Word document")
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "submission.yaml").write_text("session: [29\n", encoding="utf-8")
    result = check(damaged, inputs, "--format", "json")
    assert result.returncode == 2 and result.stdout == ""
    assert f"error: {damaged}: " in result.stderr
    assert f"error: {inputs / 'submission.yaml'}:1" in result.stderr  # the YAML's line
    assert "Traceback" not in result.stderr


def test_a_yaml_draft_with_errors_is_named_with_its_first_error_and_how_many_more(run, tmp_path):
    """The note stands in the JSON and HTML reports, where the errors on stderr are not."""
    check, _, drafts, _ = run
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "tests" / "data" / "minimal", inputs)
    records = inputs / "unctad.yaml"
    text = records.read_text(encoding="utf-8")
    records.write_text(
        text.replace("section: 3b", "section: 9z").replace("id: unctad-der", "id: unctad der"),
        encoding="utf-8",
    )
    result = check(drafts[2], inputs, "--format", "json")
    assert result.returncode == 2
    [note] = json.loads(result.stdout)["notes"]
    # three errors (the id, the section, and `order:` naming the id): the first by file and line
    lines = (inputs / "submission.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "[unctad-der" in text)
    column = lines[line - 1].index("unctad-der") + 1
    assert note == (
        "1 draft not checked, as c7draft could not read it (the run's errors say what to change): "
        f"{inputs} ({inputs / 'submission.yaml'}:{line}:{column}: no record has id `unctad-der`; 2 more errors)"
    )
    assert len([line for line in result.stderr.splitlines() if line.startswith("error: ")]) == 3
