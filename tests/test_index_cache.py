"""The in-memory index of a few priors (the shipped seeds) is kept in the cache: loaded, it
is the index built from the sentence tables, array for array, and a check finds the same
matches; an entry that is not one is rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from c7draft.check import check_path, index, loader
from c7draft.check.cache import cache_dir
from c7draft.check.readers import prior_paths

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("C7DRAFT_CACHE_DIR", str(tmp_path / "cache"))


def saved_indexes() -> list[Path]:
    return sorted((cache_dir() / "tables").glob("*.index.json"))


def matches(report) -> list[dict]:
    return [m.to_json_dict() for m in report.matches]


def test_the_saved_index_is_the_built_one(monkeypatch):
    built = loader.load_prior_index(prior_paths(None, (), ()))
    assert len(saved_indexes()) == 1
    monkeypatch.setattr(loader, "_from_tables", lambda *a: pytest.fail("built again, not loaded"))
    loaded = loader.load_prior_index(prior_paths(None, (), ()))
    for name in index.PriorIndex.ARRAYS + index.PriorIndex.LISTS:
        assert getattr(loaded, name) == getattr(built, name), name
        assert type(getattr(loaded, name)) is type(getattr(built, name))
    assert loaded.df.typecode == built.df.typecode
    assert loaded.vocab.words == built.vocab.words and loaded.vocab.ids == built.vocab.ids
    assert [d.name for d in loaded.documents] == [d.name for d in built.documents]


def test_a_check_with_the_saved_index_finds_the_same_matches():
    first = check_path(SAMPLE)
    assert saved_indexes()
    again = check_path(SAMPLE)
    assert matches(first) and matches(again) == matches(first)
    assert again.priors == first.priors


@pytest.mark.parametrize("damage", [b"", b"garbage", b'{"words": []}'])
def test_a_saved_index_that_is_not_one_is_rebuilt(damage):
    from c7draft.check.cache import Cache

    first = check_path(SAMPLE)
    [entry] = saved_indexes()
    Cache().write("tables", entry.name, damage)  # a valid checksum over a payload that is no index
    assert matches(check_path(SAMPLE)) == matches(first)
    assert index.PriorIndex.from_saved([], Cache().read("tables", entry.name))  # written again whole
