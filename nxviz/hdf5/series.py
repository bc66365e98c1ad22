"""The frames of an Eiger series for the image endpoint: a group whose ``data_NNNNNN`` blocks
(external links, one file each) make one stack, numbered as ``nxviz.frames.stack`` numbers it.

Blocks are resolved through the :class:`Locator`, so a link leaving the root directory, or to a
missing file, ends the series there instead of being followed.
"""

from __future__ import annotations

from dataclasses import dataclass

import h5py

from nxviz.errors import NxvizError, UsageError
from nxviz.frames.stack import BLOCK_NAME, Block, Stack
from nxviz.hdf5.locate import Found, Locator


@dataclass(frozen=True)
class Series:
    stack: Stack
    datasets: dict[str, Found]  # block dataset path -> where it resolved

    def read_at(self, index: int) -> tuple[h5py.Dataset, int]:
        """The block dataset holding frame ``index`` of the series, and the frame within it."""
        path, local = self.stack.locate(index)
        return self.datasets[path].entity, local

    def reads(self, start: int, stop: int) -> list[tuple[h5py.Dataset, int]]:
        """(block dataset, frame within it) of frames ``start:stop`` of the series."""
        out = []
        for path, first, last in self.stack.spans(start, stop):
            out += [(self.datasets[path].entity, i) for i in range(first, last)]
        return out

    @property
    def first(self) -> Found:
        return next(iter(self.datasets.values()))


def _block(locator: Locator, group: Found, name: str) -> Found | None:
    try:
        found = locator.find(group.file, f"{group.path.rstrip('/')}/{name}")
    except NxvizError:  # dangling, missing file, outside the root
        return None
    entity = found.entity
    if not isinstance(entity, h5py.Dataset) or entity.ndim != 3 or entity.dtype.kind not in "biuf":
        return None
    return found


def find_series(locator: Locator, group: Found) -> Series:
    """The series of ``group``'s data_NNNNNN blocks; UsageError when it holds none."""
    entity = group.entity
    if not isinstance(entity, h5py.Group):
        raise UsageError(f"{group.path} is not a group")
    names = sorted(name for name in entity if BLOCK_NAME.match(name))
    blocks: list[Block] = []
    datasets: dict[str, Found] = {}
    frame_shape: tuple[int, int] | None = None
    start = 0
    for name in names:
        found = _block(locator, group, name)
        if found is None:
            break
        shape = tuple(int(n) for n in found.entity.shape)
        if frame_shape is not None and shape[1:] != frame_shape:
            break
        frame_shape = (shape[1], shape[2])
        blocks.append(Block(name, start, shape[0]))
        datasets[f"{group.path.rstrip('/')}/{name}"] = found
        start += shape[0]
    if not blocks or frame_shape is None:
        raise UsageError(f"{group.path} holds no data_NNNNNN frame blocks: ask for a dataset")
    return Series(Stack(group.path, tuple(blocks), frame_shape), datasets)
