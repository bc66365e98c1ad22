"""NXdetector ``pixel_mask`` bits in words (NeXus NXdetector, ``pixel_mask``)."""

from __future__ import annotations

MASK_BITS: dict[int, str] = {
    0: "gap",
    1: "dead",
    2: "under-responding",
    3: "over-responding",
    4: "noisy",
    6: "cluster of problematic pixels",
    8: "user-defined mask",
    31: "virtual pixel",
}


def mask_words(value: int) -> list[str]:
    """The meaning of each set bit of a mask value, lowest bit first; unknown bits as ``bit N``."""
    if value < 0:
        value &= 0xFFFFFFFF
    words = []
    bit = 0
    while value >> bit:
        if (value >> bit) & 1:
            words.append(MASK_BITS.get(bit, f"bit {bit}"))
        bit += 1
    return words
