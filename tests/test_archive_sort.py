"""The archive index's quick stable sort gives exactly numpy's stable order, ties included."""

import numpy as np
import pytest

from c7draft.check.archive.arrays import stable_argsort


@pytest.mark.parametrize("n", [0, 1, 2, 7, 1000, 50_000])
@pytest.mark.parametrize("distinct", [1, 3, 400, None])  # None: 64-bit hashes, almost no ties
def test_the_quick_stable_sort_keeps_ties_in_index_order(n, distinct):
    rng = np.random.default_rng(n)
    if distinct is None:
        a = rng.integers(0, 2**63, n, dtype=np.int64).astype(np.uint64) * np.uint64(2)
    else:
        a = rng.integers(0, distinct, n).astype(np.uint64)
    assert np.array_equal(stable_argsort(a), np.argsort(a, kind="stable"))
