"""The EIGER-like data set: ``eiger_master.nxs`` (NXmx) and its data files.

``/entry/data/data_000001`` and ``/entry/data/data_000002`` in the master are HDF5 external
links to ``/entry/data/data`` in ``eiger_data_000001.h5`` and ``eiger_data_000002.h5``, as a
DECTRIS detector writes them: uint32 frames, one chunk per frame, bitshuffle-LZ4. Beside them,
the NXdata's ``data`` (which NXmx recommends) is a virtual dataset of the whole series (all data
files end to end), as facilities write it, so a reader that knows nothing of ``data_NNNNNN``
still finds every frame; ``instrument/detector/data`` links to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import h5py
import hdf5plugin
import numpy as np
from numpy.typing import NDArray

from nxviz.demo import detector, frames, nxmx
from nxviz.demo._nexus import entry, group, root_attributes

MASTER = "eiger_master.nxs"
#: Data file names and how many frames each holds.
DATA_FILES = (("eiger_data_000001.h5", 50), ("eiger_data_000002.h5", 20))
DATA_PATH = "/entry/data/data"
MASK_PATH = f"{nxmx.DETECTOR}/pixel_mask"
BITSHUFFLE_FILTER_ID = 32008


def frame_count() -> int:
    return sum(count for _, count in DATA_FILES)


def write(directory: Path) -> list[Path]:
    """Write the data files and the master into ``directory``; return their paths."""
    written = []
    stack = frames.iter_frames(frame_count())
    first = 1
    for name, count in DATA_FILES:
        written.append(_write_data_file(directory / name, stack, count, first))
        first += count
    written.insert(0, _write_master(directory / MASTER))
    return written


def _write_data_file(
    path: Path, stack: Iterator[NDArray[np.uint32]], count: int, first: int
) -> Path:
    with h5py.File(path, "w") as file:
        root_attributes(file, path.name)
        data_group = group(group(file, "entry", "NXentry", default="data"), "data", "NXdata")
        data_group.attrs["signal"] = "data"
        dataset = data_group.create_dataset(
            "data",
            shape=(count, *detector.FRAME_SHAPE),
            dtype=np.uint32,
            chunks=(1, *detector.FRAME_SHAPE),
            **hdf5plugin.Bitshuffle(cname="lz4"),
        )
        dataset.attrs["image_nr_low"] = np.int32(first)
        dataset.attrs["image_nr_high"] = np.int32(first + count - 1)
        for index in range(count):
            dataset[index] = next(stack)
    return path


def _write_master(path: Path) -> Path:
    with h5py.File(path, "w") as file:
        root_attributes(file, path.name)
        top = entry(file, "NXmx", "LaB6 calibration and crystal rotation, 7° in 70 frames", "data")
        nxmx.write_entry_metadata(top, frame_count())
        # the signal stays the DECTRIS block: the viewer reads blocks chunk by chunk, which a
        # virtual dataset does not allow
        data_group = group(top, "data", "NXdata", signal="data_000001")
        for index, (name, _) in enumerate(DATA_FILES, start=1):
            data_group[f"data_{index:06d}"] = h5py.ExternalLink(name, DATA_PATH)
        data_group.create_virtual_dataset("data", _series_layout(), fillvalue=0)
        top["instrument/detector/data"] = h5py.SoftLink("/entry/data/data")
    return path


def _series_layout() -> h5py.VirtualLayout:
    """Every data file's frames end to end; source names are relative to the master's folder."""
    layout = h5py.VirtualLayout(shape=(frame_count(), *detector.FRAME_SHAPE), dtype=np.uint32)
    start = 0
    for name, count in DATA_FILES:
        shape = (count, *detector.FRAME_SHAPE)
        layout[start : start + count] = h5py.VirtualSource(name, DATA_PATH, shape, np.uint32)
        start += count
    return layout
