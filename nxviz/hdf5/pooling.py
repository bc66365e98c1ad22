"""Pooling a 2D array by whole bins with a binary ufunc (max, fmax, add, logical or)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

Ufunc = Callable[..., Any]
#: makes the float32 array a reduced image is written into, given its shape: ``new_image`` by
#: default; the server's workers make it where the answer's body goes (no copy afterwards)
Allocate = Callable[[tuple[int, int]], np.ndarray]


def new_image(shape: tuple[int, int]) -> np.ndarray:
    return np.empty(shape, dtype=np.float32)


def bin_factors(shape: tuple[int, int], height: int, width: int) -> tuple[int, int]:
    return (max(1, math.ceil(shape[0] / height)), max(1, math.ceil(shape[1] / width)))


def pooled_shape(shape: tuple[int, int], factors: tuple[int, int]) -> tuple[int, int]:
    return (-(-shape[0] // factors[0]), -(-shape[1] // factors[1]))


def pool(array: np.ndarray, factors: tuple[int, int], op: Ufunc) -> np.ndarray:
    """Pool ``array`` by ``factors`` with a binary ufunc; edge bins take what remains."""
    fy, fx = factors
    out = pool_axis(array, fy, 0, op) if fy > 1 else array
    out = pool_axis(out, fx, 1, op) if fx > 1 else out
    return out if out is not array else array.copy()


def pool_axis(array: np.ndarray, factor: int, axis: int, op: Ufunc) -> np.ndarray:
    """Pool along one axis: the first two rows (or columns) of each bin go into a new array
    in one pass (no copy of the first beforehand), the others are folded in place."""

    def part(i: int) -> np.ndarray:
        return array[i::factor] if axis == 0 else array[:, i::factor]

    def head(a: np.ndarray, n: int) -> np.ndarray:
        return a[:n] if axis == 0 else a[:, :n]

    first = part(0)
    if factor == 1:
        return first.copy()
    out = np.empty(first.shape, dtype=array.dtype)
    second = part(1)
    n = second.shape[axis]
    op(head(first, n), second, out=head(out, n))
    if n < first.shape[axis]:  # the last bin has a single row (or column)
        rest = first[n:] if axis == 0 else first[:, n:]
        if axis == 0:
            out[n:] = rest
        else:
            out[:, n:] = rest
    for i in range(2, factor):
        view = part(i)
        target = head(out, view.shape[axis])
        op(target, view, out=target)
    return out
