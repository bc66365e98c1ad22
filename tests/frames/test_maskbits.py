"""NXdetector pixel_mask bits in words."""

from __future__ import annotations

import pytest

from nxviz.frames.maskbits import mask_words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        pytest.param(0, [], id="good-pixel"),
        pytest.param(1, ["gap"], id="gap"),
        pytest.param(2, ["dead"], id="dead"),
        pytest.param(4, ["under-responding"], id="under"),
        pytest.param(8, ["over-responding"], id="hot"),
        pytest.param(16, ["noisy"], id="noisy"),
        pytest.param(1 + 16, ["gap", "noisy"], id="two-bits"),
        pytest.param(256, ["user-defined mask"], id="user"),
        pytest.param(32, ["bit 5"], id="undefined-bit"),
        pytest.param(2**31 | 2, ["dead", "virtual pixel"], id="virtual"),
        pytest.param(-1, None, id="all-bits-signed"),
    ],
)
def test_mask_words(value: int, words: list[str] | None) -> None:
    got = mask_words(value)
    if words is None:  # -1 of an int32 mask: all 32 bits set
        assert len(got) == 32 and got[0] == "gap" and got[-1] == "virtual pixel"
    else:
        assert got == words
