"""The cache recovers by itself (issue 16, case 5): an entry that cannot be read, or whose
checksum holds but whose content is not what c7draft writes, is rebuilt with one note and
the check goes on with every prior; cache sub-folders are trusted no more than the root;
a symbolic link `unassigned.yaml` out of the folder is refused like other records files."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from c7draft.check.cache import Cache
from helpers import c7draft, make_archive

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def check(inputs: Path, priors: list[Path], cache: Path) -> tuple[dict, list[str]]:
    """The JSON report and the notes of `check --format json` against ``priors``."""
    args = [a for p in priors for a in ("--against", p)]
    run = c7draft("check", inputs, *args, "--format", "json", "--verbose", cache=cache)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "Aborted" not in run.stderr
    return json.loads(run.stdout), [line for line in run.stderr.splitlines() if line.startswith("note: ")]


def used(report: dict) -> list[tuple]:
    """Each prior as the report lists it: name, session, skipped and why, sentences read."""
    return [(p["name"], p["session"], p["skipped"], p["reason"], p["sentences"]) for p in report["priors"]]


def table_entries(cache: Path) -> list[str]:
    """The names of the sentence tables in the cache's packs."""
    return sorted(Cache(cache).packed("tables"))


@pytest.mark.parametrize("content", [b"[" * 100_000, b"{}", b"1e99999", b"[]", b'{"text": 1}'])
def test_a_table_entry_of_another_shape_is_rebuilt_with_one_note(inputs, tmp_path, content):
    cache = tmp_path / "cache"
    cold, _ = check(inputs, SEEDS, cache)
    assert [p[0] for p in used(cold)] == [p.name for p in SEEDS] and all(p[4] for p in used(cold))
    entries = table_entries(cache)
    assert len(entries) == len(SEEDS) and len(list((cache / "tables").glob("*.pack"))) == 1
    time.sleep(0.01)  # a newer pack: its copies are read
    # a valid checksum over the wrong content
    Cache(cache).write_pack("tables", {name: content for name in entries})

    report, notes = check(inputs, SEEDS, cache)

    assert used(report) == used(cold) and report["matches"] == cold["matches"]  # no prior dropped
    said = [n for n in notes if "cache entry" in n]
    assert len(said) == 1 and said[0].endswith("and 1 more could not be read; rebuilt"), notes
    again, notes = check(inputs, SEEDS, cache)  # rebuilt: read at once, no note
    assert used(again) == used(cold) and not [n for n in notes if "cache entry" in n]


def test_a_damaged_table_pack_is_removed_and_its_tables_parsed_again(inputs, tmp_path):
    cache = tmp_path / "cache"
    cold, _ = check(inputs, SEEDS, cache)
    [pack] = (cache / "tables").glob("*.pack")
    data = pack.read_bytes()
    k = data.index(b'"') + 1  # a byte of the header line (an entry's name)
    pack.write_bytes(data[:k] + data[k : k + 1].swapcase() + data[k + 1 :])

    report, notes = check(inputs, SEEDS, cache)

    assert used(report) == used(cold) and report["matches"] == cold["matches"]
    assert [n for n in notes if "cache entry" in n] == [f"note: cache entry {pack.name} was damaged; rebuilt"]
    assert pack.read_bytes() == data  # removed, then packed anew (a pack is named by its header's sha256)
    again, notes = check(inputs, SEEDS, cache)
    assert used(again) == used(cold) and not [n for n in notes if "cache entry" in n]


def test_a_damaged_table_in_a_pack_is_parsed_again(inputs, tmp_path):
    cache = tmp_path / "cache"
    cold, _ = check(inputs, SEEDS, cache)
    [pack] = (cache / "tables").glob("*.pack")
    data = pack.read_bytes()
    k = data.index(b"Part 2")  # inside a table: the header still holds, that table's sha256 not
    pack.write_bytes(data[:k] + data[k : k + 6].swapcase() + data[k + 6 :])

    report, notes = check(inputs, SEEDS, cache)

    assert used(report) == used(cold) and report["matches"] == cold["matches"]
    said = [n for n in notes if "cache entry" in n]
    assert len(said) == 1 and said[0].endswith(".json was damaged; rebuilt"), notes
    again, notes = check(inputs, SEEDS, cache)  # the newer pack's copy is read
    assert used(again) == used(cold) and not [n for n in notes if "cache entry" in n]


def test_a_document_entry_of_another_shape_is_rebuilt(inputs, tmp_path):
    cache = tmp_path / "cache"
    draft = tmp_path / "draft.txt"
    shutil.copy(SEEDS[1], draft)
    run = c7draft("check", draft, "--against", SEEDS[0], cache=cache)
    assert run.returncode in (0, 1), run.stderr
    for entry in (cache / "documents").glob("*.json"):
        Cache(cache).write("documents", entry.name, b"[]")
    again = c7draft("check", draft, "--against", SEEDS[0], cache=cache)
    assert again.returncode == run.returncode and again.stdout == run.stdout, again.stderr
    assert "could not be read; rebuilt" in again.stderr


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return make_archive(tmp_path_factory.mktemp("archive"))


def test_a_zero_byte_npy_is_rebuilt_with_a_note(inputs, tmp_path, archive):
    cache = tmp_path / "cache"
    cold, _ = check(inputs, [archive], cache)
    arrays = [p for p in (cache / "indexes").glob("*/*.npy")]
    assert arrays, "the archive index was not saved as .npy arrays"
    arrays[0].write_bytes(b"")  # a full disk, a killed write

    report, notes = check(inputs, [archive], cache)

    assert used(report) == used(cold) and len(used(report)) == 100
    assert [n for n in notes if "cache entry" in n] == [
        f"note: cache entry {arrays[0].parent.name} was damaged; rebuilt"
    ]
    again, notes = check(inputs, [archive], cache)
    assert used(again) == used(cold) and not [n for n in notes if "cache entry" in n]


def test_a_world_writable_sub_folder_is_refused(inputs, tmp_path):
    cache = tmp_path / "cache"
    cold, _ = check(inputs, SEEDS, cache)
    os.chmod(cache / "tables", 0o777)
    [planted] = (cache / "tables").glob("*.pack")
    report, notes = check(inputs, SEEDS, cache)
    assert used(report) == used(cold)
    assert f"note: the cache folder {cache / 'tables'} is writable by other users; not used" in notes
    assert planted.exists()  # left as it is: not read, not written


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="chown needs root")
def test_a_sub_folder_owned_by_another_user_is_refused(inputs, tmp_path):
    cache = tmp_path / "cache"
    check(inputs, SEEDS, cache)
    os.chown(cache / "tables", 4321, -1)
    report, notes = check(inputs, SEEDS, cache)
    assert [p[0] for p in used(report)] == [p.name for p in SEEDS]
    assert f"note: the cache folder {cache / 'tables'} is owned by another user; not used" in notes


def test_a_symlinked_sub_folder_is_refused(inputs, tmp_path):
    cache = tmp_path / "cache"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache.mkdir(mode=0o700)
    (cache / "tables").symlink_to(elsewhere)
    report, notes = check(inputs, SEEDS, cache)
    assert [p[0] for p in used(report)] == [p.name for p in SEEDS]
    assert f"note: the cache folder {cache / 'tables'} is not a folder; not used" in notes
    assert not any(elsewhere.iterdir())


def test_a_symlinked_unassigned_yaml_out_of_the_folder_is_refused(inputs, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("entity: unassigned\nrecords:\n  - id: x\n    section: 2\n    text: Elsewhere.\n")
    (inputs / "unassigned.yaml").symlink_to(outside)
    for command in (["validate"], ["build", "--no-check", "-o", tmp_path / "x.docx"]):
        run = c7draft(command[0], inputs, *command[1:])
        assert run.returncode == 2, run.stdout + run.stderr
        assert "unassigned.yaml is a link to a file outside the submission folder" in run.stdout + run.stderr


@pytest.mark.parametrize(
    "source",
    [None, "upu.yaml:33", {"file": "upu.yaml"}, {"file": "upu.yaml", "line": "33"}, {"file": 1, "line": 33}],
)
def test_a_folders_table_keeps_each_records_place_and_refuses_another_shape(source):
    """A YAML folder's table keeps each passage's record (file, line, entity, id) as a third
    item, which reports print; an entry whose third item is not such a place is parsed again."""
    from c7draft.check.readers import read_document
    from c7draft.check.tables import read_table, sentence_table

    folder = read_document(ROOT / "sample_inputs" / "2025", use_cache=False)
    table = json.loads(sentence_table(folder))
    first = table["passages"][0]
    assert first[:2] == ["Part 1, paragraph 1", False] and first[2]["file"].endswith("submission.yaml")
    assert all(len(row) == 3 for row in table["passages"])
    assert read_table(json.dumps(table).encode()) is not None
    seed = json.loads(sentence_table(read_document(SEEDS[0], use_cache=False)))
    assert {len(row) for row in seed["passages"]} == {2}  # a document's passages name no record
    table["passages"][0][2] = source
    assert read_table(json.dumps(table).encode()) is None
