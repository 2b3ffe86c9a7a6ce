"""Each prior file's sha256 is remembered in the cache by the file's status (size, times,
inode, device: ``readers.Digests``), as git's index does: an unchanged file is not read
again on the next check, and a file changed in any way is."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from c7draft.check import cache, loader, readers
from c7draft.check.cache import Cache


@pytest.fixture
def priors(tmp_path, monkeypatch) -> list[Path]:
    monkeypatch.setenv("C7DRAFT_CACHE_DIR", str(tmp_path / "cache"))
    files = []
    for k, text in enumerate(
        ["Digital trade grew in the region last year.", "Postal networks help small firms."]
    ):
        path = tmp_path / f"prior-{k}-cstd2{k}.txt"
        path.write_text(f"**Twenty-{k}th session**\n\n- {text} They sell online now.\n", encoding="utf-8")
        files.append(path)
    return files


def hashed(monkeypatch) -> list[Path]:
    """The files ``file_digest`` reads from now on."""
    calls: list[Path] = []
    real = readers.file_digest
    monkeypatch.setattr(readers, "file_digest", lambda p: calls.append(Path(p)) or real(p))
    return calls


def test_an_unchanged_file_is_not_read_again(priors, monkeypatch):
    monkeypatch.setattr(readers, "_RACY_NS", -1)  # files written just now count as old enough
    first = loader.load_prior_index(priors)
    calls = hashed(monkeypatch)
    again = loader.load_prior_index(priors)
    assert calls == []
    assert [d.digest for d in again.documents] == [hashlib.sha256(p.read_bytes()).hexdigest() for p in priors]
    assert [d.digest for d in again.documents] == [d.digest for d in first.documents]


def test_a_file_changed_with_its_size_and_modification_time_kept_is_read_again(priors, monkeypatch):
    monkeypatch.setattr(readers, "_RACY_NS", -1)
    loader.load_prior_index(priors)
    st = priors[1].stat()
    changed = priors[1].read_text(encoding="utf-8").replace("small", "SMALL")
    priors[1].write_text(changed, encoding="utf-8")
    os.utime(priors[1], ns=(st.st_atime_ns, st.st_mtime_ns))  # as `touch -r` would hide it
    assert priors[1].stat().st_size == st.st_size and priors[1].stat().st_mtime_ns == st.st_mtime_ns
    calls = hashed(monkeypatch)
    index = loader.load_prior_index(priors)
    assert calls == [priors[1]]  # its change time moved: read again, the other one not
    assert index.documents[1].digest == hashlib.sha256(changed.encode()).hexdigest()
    assert any("SMALL" in s.upper() and "small" not in s for s in index.texts)


def test_a_file_written_moments_ago_is_not_remembered_yet(priors, monkeypatch):
    loader.load_prior_index(priors)  # the files are seconds old at most: they may change again unseen
    calls = hashed(monkeypatch)
    loader.load_prior_index(priors)
    assert sorted(calls) == sorted(priors)


@pytest.mark.parametrize("content", [b"[]", b"[" * 100_000, b"1e99999", b'"x"'])
def test_a_digest_memo_of_another_shape_is_rebuilt_with_a_note(priors, monkeypatch, content):
    monkeypatch.setattr(readers, "_RACY_NS", -1)
    first = loader.load_prior_index(priors)
    cache.take_notes()
    Cache().write("files", "digests.json", content)  # a valid checksum over the wrong content
    index = loader.load_prior_index(priors)
    assert [d.digest for d in index.documents] == [d.digest for d in first.documents]
    assert cache.take_notes() == ["cache entry digests.json could not be read; rebuilt"]
    calls = hashed(monkeypatch)
    loader.load_prior_index(priors)  # rebuilt: remembered again
    assert calls == []


def test_a_remembered_digest_that_is_not_one_is_not_used(priors, monkeypatch):
    monkeypatch.setattr(readers, "_RACY_NS", -1)
    first = loader.load_prior_index(priors)
    status = [[s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino, s.st_dev] for s in map(os.stat, priors)]
    memo = {os.path.abspath(priors[0]): [*status[0], "../../etc/passwd"], os.path.abspath(priors[1]): "x"}
    Cache().write("files", "digests.json", json.dumps(memo).encode())
    calls = hashed(monkeypatch)
    index = loader.load_prior_index(priors)
    assert calls == priors
    assert [d.digest for d in index.documents] == [d.digest for d in first.documents]
