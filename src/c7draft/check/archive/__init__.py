"""The archive index: the prior index of a large archive as numpy arrays on disk.

``index.PriorIndex`` builds its postings in Python, which is fine for the shipped seeds
but slow for a secretariat archive of 1,000 submissions (100,000 sentences). Here the same
arrays (token postings sorted for prefix filtering, 4-word shingles, encoded sentences)
are built with numpy from the per-file sentence tables, saved with ``np.save`` (no
pickle) and loaded with ``mmap_mode="r"`` on later runs, so a warm check reads only the
pages it touches. The search finds ``PriorIndex``'s pairs, batched: only the storage and
the way of counting differ. numpy is imported here only, on the archive path; ``build``
against the seeds never loads it.

- ``build``: the arrays, built with numpy from the sentence tables;
- ``index``: ``ArchiveIndex``, the index over them, and its batched candidate searches;
- ``bitplanes``: how many of a draft sentence's words each archive sentence holds,
  counted over every sentence at once as bitmaps;
- ``arrays``: numpy helpers over flat arrays (string columns, spans, counted codes);
- ``storage``: the arrays on disk, checksummed, loaded memory-mapped;
- ``joined``: ``JoinedIndex``, a saved index and the files added since, searched as one.
"""

from .index import ArchiveIndex
from .joined import JoinedIndex

__all__ = ["ArchiveIndex", "JoinedIndex"]
