"""SimHash fingerprints of a body, so that clients can find near-duplicates across sources."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache

import numpy as np

_WORD = re.compile(r"\w+")
_BITS = 64


@lru_cache(maxsize=65536)
def word_hash(word: str) -> int:
    """A stable 64-bit hash of one word (BLAKE2b, not Python's salted ``hash``).

    >>> word_hash("putin") == word_hash("putin"), 0 <= word_hash("xi") < 2**64
    (True, True)
    """
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")


def simhash(text: str) -> str:
    """64-bit SimHash of the text's lower-cased words, weighted by count, as 16 hex digits.

    Texts that share most of their words share most of their bits.

    >>> simhash("")
    '0000000000000000'
    >>> a = simhash("Putin and Xi discuss close ties after the inauguration")
    >>> b = simhash("Putin and Xi discuss close ties after Trump's inauguration")
    >>> bin(int(a, 16) ^ int(b, 16)).count("1") < 16
    True
    """
    counts = Counter(_WORD.findall(text.lower()))
    if not counts:
        return "0" * 16
    hashes = np.fromiter((word_hash(word) for word in counts), dtype=np.uint64, count=len(counts))
    weights = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
    bits = np.unpackbits(hashes.astype(">u8").view(np.uint8).reshape(-1, 8), axis=1)
    signed = bits.astype(np.int64) * 2 - 1
    totals = weights @ signed
    packed = np.packbits((totals > 0).astype(np.uint8))
    return packed.tobytes().hex()
