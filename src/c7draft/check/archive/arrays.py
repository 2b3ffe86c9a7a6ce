"""numpy helpers over the archive index's flat arrays: string columns stored as code points
with offsets, lists of ints flattened, spans, distinct and counted codes, a stable sort."""

from __future__ import annotations

from itertools import chain

import numpy as np


class Column:
    """Row c of a string column kept as one array of code points (or UTF-8 bytes) and offsets."""

    def __init__(self, data: np.ndarray, off: np.ndarray, encoding: str):
        self.data, self.off, self.encoding = data, off, encoding

    def __len__(self) -> int:
        return len(self.off) - 1

    def __getitem__(self, c: int) -> str:
        return self.data[self.off[c] : self.off[c + 1]].tobytes().decode(self.encoding)

    def __iter__(self):
        return (self[c] for c in range(len(self)))


def stable_argsort(a: np.ndarray) -> np.ndarray:
    """``np.argsort(a, kind="stable")``, quicker when few values repeat (a shingle's hash):
    the quick unstable sort, then each run of equal values put back in index order."""
    o = np.argsort(a)
    v = a[o]
    same = v[1:] == v[:-1]  # same[i]: places i and i + 1 hold one value
    if not same.any():
        return o
    tied = np.zeros(len(a), bool)
    tied[1:] = same
    tied[:-1] |= same
    starts = np.zeros(len(a), bool)
    starts[0] = True
    starts[1:] = ~same
    at = np.flatnonzero(tied)
    run = np.cumsum(starts)[at]  # which run of equal values each tied place is in
    o[at] = np.sort(run.astype(np.int64) * len(a) + o[at]) % len(a)
    return o


def flat(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(list no. of each value, the values, each list's length) of lists of ints."""
    n = np.fromiter(map(len, lists), np.int64, len(lists))
    values = np.fromiter(chain.from_iterable(lists), np.int64, int(n.sum()))
    return np.repeat(np.arange(len(lists)), n), values, n


def codes(q: np.ndarray, values: np.ndarray, width: int) -> np.ndarray:
    """(query, value) pairs as sorted distinct codes q * width + value, for membership tests."""
    return distinct(q * width + values)


def distinct(code: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (``np.unique``, whose hash table is slower here)."""
    code = np.sort(code)
    keep = np.ones(len(code), bool)
    keep[1:] = code[1:] != code[:-1]
    return code[keep]


def spans(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every index of the spans [lo[i], hi[i]), concatenated, and the span each is from."""
    lens = hi - lo
    owner = np.repeat(np.arange(len(lo)), lens)
    return np.arange(int(lens.sum())) - (np.cumsum(lens) - lens - lo)[owner], owner


def counted(code: np.ndarray, flag: np.ndarray | None = None):
    """(distinct codes ascending, how often each occurs, whether any occurrence had ``flag``):
    one sort of the codes with the flag as their lowest bit."""
    key = code.astype(np.int64) * 2 + (flag if flag is not None else 0)
    key.sort()
    last = np.ones(len(key), bool)  # the last of each run of one code
    last[:-1] = (key[1:] >> 1) != (key[:-1] >> 1)
    ends = np.flatnonzero(last)
    counts = np.diff(ends, prepend=-1)
    return key[ends] >> 1, counts, (key[ends] & 1).astype(bool)


def rare_at(code: np.ndarray, held: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The ``held`` of each of ``at`` among the ascending ``code`` (0 where absent)."""
    if not len(code):
        return np.zeros(len(at), np.int64)
    i = np.minimum(np.searchsorted(code, at), len(code) - 1)
    return np.where(code[i] == at, held[i], 0)


def weighed(code: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct codes, ascending; the sum of each one's weights)."""
    o = np.argsort(code, kind="stable")
    code = code[o]
    starts = np.flatnonzero(np.diff(code, prepend=-1))
    return code[starts], np.add.reduceat(weight[o], starts) if len(code) else weight[:0]
