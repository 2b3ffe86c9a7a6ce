"""Counting, for every archive sentence at once, how many of a draft sentence's words it
holds: a bitmap per common word (one bit per sentence), summed as bit planes with
carry-save adders, and the places whose count reaches a bar read back from the planes."""

from __future__ import annotations

import numpy as np

from .arrays import spans

_DENSE = 512  # a word in at least 1/512 of the sentences may have a bitmap (``word_bitmaps``)


def word_bitmaps(post_off: np.ndarray, post_ids: np.ndarray, df: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """The candidate searches' bitmaps (``ArchiveIndex._held``): for each common word, a row
    of ``bits`` with one bit per sentence (sentence s is bit s % 64 of word s // 64), and
    ``bit_row``, each word's row (0: an all-zero row, for the rarer words, read from their
    postings). The common words are those in at least 1/512 of the sentences, commonest
    first, at most as many as make the bitmaps twice the bytes of all the postings (a
    bitmap is n / 8 bytes, a posting 4): one field's ~1,000 shared words all have one."""
    m = (n + 63) // 64
    rows = 64 * int(post_off[-1]) // max(n, 1)  # 2 * 4 bytes a posting / (n / 8) bytes a row
    dense = np.argsort(-df.astype(np.int64), kind="stable")[:rows]
    dense = np.sort(dense[(df[dense].astype(np.int64) * _DENSE >= n) & (df[dense] > 0)])
    bit_row = np.zeros(len(df), np.uint32)
    bit_row[dense] = np.arange(1, len(dense) + 1)
    bits = np.zeros((len(dense) + 1, m), np.uint64)
    step = max(1, 2**23 // (64 * m))  # words per pass: a table of 8 MB
    for a in range(0, len(dense), step):
        words = dense[a : a + step]
        spots, owner = spans(post_off[words].astype(np.int64), post_off[words + 1].astype(np.int64))
        table = np.zeros((len(words), 64 * m), bool)
        table[owner, post_ids[spots]] = True
        bits[1 + a : 1 + a + len(words)] = np.packbits(table, axis=1, bitorder="little").view("<u8")
    return {"bit_row": bit_row, "bits": bits}


class BitCount:
    """A sum of bitmaps kept as bit planes (plane k: bit k of each place's count), added
    with carry-save adders: five operations for two bitmaps at each level of the count,
    in place, on buffers taken from and given back to ``pool``."""

    def __init__(self, pool: list[np.ndarray]):
        self.sums: list[np.ndarray] = []  # sums[k] + waiting[k], each of weight 2**k: the total
        self.waiting: list[np.ndarray | None] = []
        self.pool = pool  # spare buffers of the bitmaps' shape (never empty: see ``buffer``)

    def buffer(self) -> np.ndarray:
        """A spare buffer (a new one if the pool holds only its last)."""
        return self.pool.pop() if len(self.pool) > 1 else np.empty_like(self.pool[0])

    def add(self, v: np.ndarray, k: int = 0) -> None:
        """Add bitmap ``v`` (a buffer the count keeps) of weight 2**k."""
        sums, waiting = self.sums, self.waiting
        while True:
            if k == len(sums):
                sums.append(v)
                waiting.append(None)
                return
            a = waiting[k]
            if a is None:
                waiting[k] = v
                return
            waiting[k] = None
            s = sums[k]
            u = self.buffer()
            np.bitwise_xor(s, a, out=u)
            np.bitwise_and(s, a, out=s)
            np.bitwise_and(u, v, out=a)
            np.bitwise_or(s, a, out=a)  # the carry, of weight 2**(k + 1)
            np.bitwise_xor(u, v, out=s)  # the sum's bit k
            self.pool += [u, v]
            v, k = a, k + 1

    def planes(self) -> list[np.ndarray]:
        """The count's bit planes (the inputs left waiting added with half adders)."""
        sums, waiting = self.sums, self.waiting
        k = 0
        while k < len(sums):
            v, waiting[k] = waiting[k], None
            j = k
            while v is not None:
                if j == len(sums):
                    sums.append(v)
                    waiting.append(None)
                    break
                carry = self.buffer()
                np.bitwise_and(sums[j], v, out=carry)
                np.bitwise_xor(sums[j], v, out=sums[j])
                self.pool.append(v)
                v, j = carry, j + 1
            k += 1
        return sums


_ONES = np.uint64(0xFFFFFFFFFFFFFFFF)


def at_least(planes: list[np.ndarray], need: np.ndarray) -> np.ndarray:
    """The places (bits) whose count (``BitCount``'s planes, one row a query) reaches the
    row's ``need``: the carry out of adding 2**B − need to the B-bit count."""
    size = max(len(planes), int(need.max(initial=1)).bit_length())
    add = 2**size - need  # (need >= 1: fits in ``size`` bits)
    carry = np.zeros(planes[0].shape, np.uint64)
    t = np.empty_like(carry)
    for b in range(size):
        bit = (((add >> b) & 1).astype(np.uint64) * _ONES)[:, None]  # add's bit b, in every bit
        if b < len(planes):
            p = planes[b]
            np.bitwise_xor(p, bit, out=t)
            carry &= t
            np.bitwise_and(p, bit, out=t)
            carry |= t
        else:  # (a plane of zeros)
            carry &= bit
    return carry


def ones(bitmap: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, place) of every bit set in a table of bitmaps, ascending."""
    at = np.flatnonzero(bitmap)
    r, m = np.divmod(at, bitmap.shape[1])
    b = np.unpackbits(
        bitmap.ravel()[at].astype("<u8").view(np.uint8).reshape(-1, 8), axis=1, bitorder="little"
    )
    i, j = np.nonzero(b)
    return r[i], m[i] * 64 + j


def count_at(planes: list[np.ndarray], r: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The count of place s in row r of ``BitCount``'s planes."""
    out = np.zeros(len(r), np.int64)
    word, bit = s >> 6, (s & 63).astype(np.uint64)
    for b, plane in enumerate(planes):
        out += ((plane[r, word] >> bit) & np.uint64(1)).astype(np.int64) << b
    return out


def next_too(v: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Bitmaps of windows: place c set when place c or c + 1 of ``v`` is. (Row by row, as
    one run of bits: a row's last place takes the next row's first, and is never a window:
    past the last sentence, or the last sentence itself.)"""
    np.right_shift(v, np.uint64(1), out=out)
    out |= v
    flat = out.reshape(-1)
    flat[:-1] |= v.reshape(-1)[1:] << np.uint64(63)
    return out


def reaching(code, held, planes: list[np.ndarray], bar: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(query * n + place, held), ascending, of every place whose held weight reaches its
    query's ``bar``: those the rarer words' postings reach (``code``, their whole ``held``
    given: the planes' count and theirs), and those the planes' count alone takes there.
    Exact: a place the postings reach and ``held`` drops has a planes' count below the bar
    too (it is at most its ``held``), so every place the planes give that is not among those
    kept is one the postings never reach, whose whole held weight is the planes' count."""
    keep = held >= bar[code // n]
    code, held = code[keep], held[keep]
    if planes:
        r, s = ones(at_least(planes, bar))
        r, s = r[s < n], s[s < n]  # (a bitmap's last word has places past the last sentence)
        more = r * n + s
        new = ~np.isin(more, code, assume_unique=True)
        code = np.concatenate([code, more[new]])
        held = np.concatenate([held, count_at(planes, r[new], s[new])])
        o = np.argsort(code, kind="stable")
        code, held = code[o], held[o]
    return code, held
