"""A saved archive index and a small index of the files added since, searched as one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..index import PriorIndex

if TYPE_CHECKING:  # pragma: no cover
    from .index import ArchiveIndex


class _Joined:
    """Rows of two columns (or ``where`` pairs) read as one: the second's after the first's."""

    def __init__(self, first, second, shift: int = 0, step: int = 1):
        self.first, self.second, self.shift, self.step = first, second, shift, step
        self.n = len(first)

    def __len__(self) -> int:
        return self.n + len(self.second)

    def __getitem__(self, i):
        if i < self.n:
            return self.first[i]
        value = self.second[i - self.n]
        return value + self.shift if self.shift and (i - self.n) % self.step == 0 else value

    def __iter__(self):
        return (self[i] for i in range(len(self)))


class JoinedIndex(PriorIndex):
    """The saved index of an archive and a small index of the files added since, searched
    as one: adding a file to a large archive does not rebuild the whole index. The small
    index starts from the saved one's vocabulary, so a draft sentence is encoded once."""

    ON_ARRAYS = True

    JOINED = ("texts", "enc", "sorted_enc", "cenc", "content", "lengths")  # row by row

    def __init__(self, base: ArchiveIndex, delta: ArchiveIndex):
        self.base, self.delta = base, delta
        self.n, self.d = len(base), len(base.documents)
        where = _Joined(base.where, delta.where, shift=self.d, step=2)
        where.n = 2 * self.n
        columns = {name: _Joined(getattr(base, name), getattr(delta, name)) for name in self.JOINED}
        # its postings and shingles are its parts': ``search`` and ``ratio_search`` go to them
        super().__init__(
            base.documents + delta.documents, delta.vocab, {**columns, "where": where, "df": delta.df}
        )

    def __len__(self) -> int:
        return self.n + len(self.delta)

    def sentence(self, c: int):
        if (c if c >= 0 else ~c) < self.n:  # (a window ``~c`` lies in one part)
            return self.base.sentence(c)
        from dataclasses import replace

        # kept by the delta index: a copy with the doc moved
        s = self.delta.sentence(c - self.n if c >= 0 else ~(~c - self.n))
        return replace(s, doc=s.doc + self.d)

    def sentences_per_document(self) -> list[int]:
        return self.base.sentences_per_document() + self.delta.sentences_per_document()

    def search(self, draft, th, windows=False, keep=None, among=None):  # (``among``, a hint: not used)
        from dataclasses import replace

        moved = None if keep is None else lambda k, y: keep(k, replace(y, doc=y.doc + self.d))
        return self.base.search(draft, th, windows, keep) + [
            (k, c + self.n if c >= 0 else ~(~c + self.n), score, how)
            for k, c, score, how in self.delta.search(draft, th, windows, moved)
        ]

    def ratio_search(self, draft_encoded, cutoff):
        return self.base.ratio_search(draft_encoded, cutoff) | {
            (k, c + self.n) for k, c in self.delta.ratio_search(draft_encoded, cutoff)
        }
