"""One continuous frame stack out of an Eiger master file's ``data_000001``, ``data_000002``, …

The Eiger writes each block of frames into its own file and links it from the master file's
NXdata group as ``data_NNNNNN`` (external links). Frame ``i`` of the whole series is frame
``i - start`` of the block holding it. A group with a single 3D ``data`` dataset (plain or
virtual) is a stack of one block. Blocks whose link does not resolve end the stack there.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import h5py

BLOCK_NAME = re.compile(r"^data_(\d{6})$")


@dataclass(frozen=True)
class Block:
    name: str  # dataset name in the group
    start: int  # index of its first frame in the whole series
    count: int  # frames it holds


@dataclass(frozen=True)
class Stack:
    group: str  # path of the group holding the blocks
    blocks: tuple[Block, ...]
    frame_shape: tuple[int, int]

    @property
    def count(self) -> int:
        return self.blocks[-1].start + self.blocks[-1].count if self.blocks else 0

    def locate(self, index: int) -> tuple[str, int]:
        """(dataset path, frame within it) of frame ``index`` of the series."""
        if not 0 <= index < self.count:
            raise IndexError(f"frame {index} is outside 0..{self.count - 1}")
        starts = [b.start for b in self.blocks]
        block = self.blocks[bisect.bisect_right(starts, index) - 1]
        return f"{self.group.rstrip('/')}/{block.name}", index - block.start

    def spans(self, start: int, stop: int) -> list[tuple[str, int, int]]:
        """Frames ``start:stop`` of the series as (dataset path, local start, local stop) parts."""
        parts = []
        index = start
        while index < stop:
            path, local = self.locate(index)
            block = next(b for b in self.blocks if index < b.start + b.count)
            end = min(stop, block.start + block.count)
            parts.append((path, local, local + end - index))
            index = end
        return parts


def _frames(item: object) -> tuple[int, tuple[int, int]] | None:
    if not isinstance(item, h5py.Dataset) or item.ndim < 3 or item.dtype.kind not in "biuf":
        return None
    return int(item.shape[0]), (int(item.shape[-2]), int(item.shape[-1]))


def find_stack(group: h5py.Group) -> Stack | None:
    """The frame stack of ``group``: its ``data_NNNNNN`` blocks in order, or its 3D ``data``."""
    names = sorted(name for name in group if BLOCK_NAME.match(name))
    blocks: list[Block] = []
    shape: tuple[int, int] | None = None
    start = 0
    for name in names:
        try:
            got = _frames(group[name])
        except (KeyError, OSError):  # dangling external link or missing file
            break
        if got is None or (shape is not None and got[1] != shape):
            break
        blocks.append(Block(name, start, got[0]))
        shape = got[1]
        start += got[0]
    if not blocks and "data" in group:
        try:
            got = _frames(group["data"])
        except (KeyError, OSError):
            got = None
        if got is not None:
            blocks, shape = [Block("data", 0, got[0])], got[1]
    if not blocks or shape is None:
        return None
    return Stack(group.name, tuple(blocks), shape)
