"""Files inside a root that make HDF5 read files outside it, written with h5py.

Each hostile file is a small NeXus file (``/entry`` NXentry with a ``definition``, an NXdata
``/entry/data`` whose signal ``data`` is a 4×4 float64 frame) whose ``definition`` and ``data``
HDF5 would read from a marker placed outside the root: external raw storage (absolute, relative
to the working directory, through a symlink), a virtual dataset's sources (absolute, next to the
file's folder, found in the working directory, through ``HDF5_VDS_PREFIX``, a nested source in
the same file), an external link found in the working directory or through ``HDF5_EXT_PREFIX``.

Every value read from the marker is :data:`SECRET` (float64) or :data:`SECRET_TEXT`: an answer
holding any of :func:`leaks` has read outside the root.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import h5py
import numpy as np

SECRET = 123456.789
SECRET_TEXT = b"NXVIZSECRET"
SHAPE = (4, 4)


def leaks(body: bytes) -> list[bytes]:
    """The marker's encodings found in ``body`` (raw float64/float32, text, the number)."""
    needles = [
        np.float64(SECRET).tobytes(),
        np.float32(SECRET).tobytes(),
        SECRET_TEXT,
        b"123456.78",
        b"1.2345678",  # 1.2345678...e+05 in CSV or JSON written in exponent form
    ]
    return [n for n in needles if n in body]


@dataclass(frozen=True)
class Outside:
    """The marker files, outside the root."""

    folder: Path
    numbers: Path  # raw float64 values (external storage)
    text: Path  # raw bytes of SECRET_TEXT (external storage)
    source: Path  # an HDF5 file with /values and /definition (virtual sources, link targets)


def write_outside(folder: Path) -> Outside:
    folder.mkdir(parents=True, exist_ok=True)
    numbers = folder / "marker.f8"
    numbers.write_bytes(np.full(SHAPE, SECRET, dtype="<f8").tobytes())
    text = folder / "marker.txt"
    text.write_bytes(SECRET_TEXT)
    source = folder / "source.h5"
    write_source(source)
    return Outside(folder, numbers, text, source)


def write_source(path: Path) -> Path:
    """What virtual datasets take their values from and external links lead to."""
    with h5py.File(path, "w") as f:
        f["values"] = np.full(SHAPE, SECRET)
        f["definition"] = np.array([SECRET_TEXT])
        entry = f.create_group("entry")
        _nexus_entry(entry, definition=np.array([SECRET_TEXT]), data=np.full(SHAPE, SECRET))
    return path


def _nexus_entry(entry: h5py.Group, *, definition: object, data: object) -> None:
    entry.attrs["NX_class"] = "NXentry"
    entry.attrs["default"] = "data"
    if definition is not None:
        entry["definition"] = definition
    group = entry.create_group("data")
    group.attrs["NX_class"] = "NXdata"
    group.attrs["signal"] = "data"
    if data is not None:
        group["data"] = data


def _skeleton(path: Path) -> h5py.File:
    f = h5py.File(path, "w")
    f.attrs["default"] = "entry"
    entry = f.create_group("entry")
    _nexus_entry(entry, definition=None, data=None)
    return f


def _external(path: Path, numbers: str, text: str) -> None:
    with _skeleton(path) as f:
        f["entry"].create_dataset(
            "definition", shape=(1,), dtype="S11", external=[(text, 0, len(SECRET_TEXT))]
        )
        f["entry/data"].create_dataset(
            "data", shape=SHAPE, dtype="<f8", external=[(numbers, 0, 8 * SHAPE[0] * SHAPE[1])]
        )


def _virtual(path: Path, source_file: str, *, values: str = "values") -> None:
    data = h5py.VirtualLayout(shape=SHAPE, dtype="<f8")
    data[:] = h5py.VirtualSource(source_file, values, shape=SHAPE)
    definition = h5py.VirtualLayout(shape=(1,), dtype="S11")
    definition[:] = h5py.VirtualSource(source_file, "definition", shape=(1,), dtype="S11")
    with _skeleton(path) as f:
        f["entry"].create_virtual_dataset("definition", definition)
        f["entry/data"].create_virtual_dataset("data", data, fillvalue=-1.0)


def efl_absolute(root: Path, out: Outside) -> None:
    _external(root / "efl_absolute.h5", str(out.numbers), str(out.text))


def efl_relative(root: Path, out: Outside) -> None:
    """Relative names: HDF5 reads them from the working directory (the test works in root)."""
    numbers = os.path.relpath(out.numbers, root)
    text = os.path.relpath(out.text, root)
    _external(root / "efl_relative.h5", numbers, text)


def efl_symlink(root: Path, out: Outside) -> None:
    """Absolute names inside the root, which are symlinks to the marker outside it."""
    (root / "numbers.bin").symlink_to(out.numbers)
    (root / "text.bin").symlink_to(out.text)
    _external(root / "efl_symlink.h5", str(root / "numbers.bin"), str(root / "text.bin"))


def efl_prefix(root: Path, out: Outside) -> None:
    """Bare names: HDF5 reads them from HDF5_EXTFILE_PREFIX's folder (read when HDF5 starts,
    so only a new process set up with it shows the case)."""
    _external(root / "efl_prefix.h5", out.numbers.name, out.text.name)


def vds_absolute(root: Path, out: Outside) -> None:
    _virtual(root / "vds_absolute.h5", str(out.source))


def vds_relative(root: Path, out: Outside) -> None:
    """``../outside/source.h5``: HDF5 finds it relative to the file's own folder."""
    _virtual(root / "vds_relative.h5", os.path.relpath(out.source, root))


def vds_working_directory(root: Path, out: Outside) -> None:
    """``cwd_source.h5``: not beside the file; HDF5 finds it in the working directory (the
    test works in the marker's folder)."""
    write_source(out.folder / "cwd_source.h5")
    _virtual(root / "vds_working_directory.h5", "cwd_source.h5")


def vds_prefix(root: Path, out: Outside) -> None:
    """``prefixed_source.h5``: found through HDF5_VDS_PREFIX (the test sets it)."""
    write_source(out.folder / "prefixed_source.h5")
    _virtual(root / "vds_prefix.h5", "prefixed_source.h5")


def vds_nested(root: Path, out: Outside) -> None:
    """A virtual dataset whose source is in the same file (``.``) and stored externally."""
    path = root / "vds_nested.h5"
    with _skeleton(path) as f:
        f.create_dataset("stored", shape=SHAPE, dtype="<f8", external=[(str(out.numbers), 0, 128)])
        f["entry"].create_dataset(
            "definition", shape=(1,), dtype="S11", external=[(str(out.text), 0, 11)]
        )
    data = h5py.VirtualLayout(shape=SHAPE, dtype="<f8")
    data[:] = h5py.VirtualSource(".", "/stored", shape=SHAPE)
    with h5py.File(path, "a") as f:
        f["entry/data"].create_virtual_dataset("data", data, fillvalue=-1.0)


def link_working_directory(root: Path, out: Outside) -> None:
    """``/entry`` is an external link to ``cwd_target.h5``, found in the working directory."""
    write_source(out.folder / "cwd_target.h5")
    with h5py.File(root / "link_working_directory.h5", "w") as f:
        f.attrs["default"] = "entry"
        f["entry"] = h5py.ExternalLink("cwd_target.h5", "/entry")


def link_prefix(root: Path, out: Outside) -> None:
    """``/entry`` is an external link to ``prefixed_target.h5``, found through HDF5_EXT_PREFIX."""
    write_source(out.folder / "prefixed_target.h5")
    with h5py.File(root / "link_prefix.h5", "w") as f:
        f.attrs["default"] = "entry"
        f["entry"] = h5py.ExternalLink("prefixed_target.h5", "/entry")


@dataclass(frozen=True)
class Case:
    """A hostile file, how to write it, and where the process must work (``cwd``: "root" or
    "outside") and which prefix variable points outside, for HDF5 to reach the marker."""

    name: str
    write: Callable[[Path, Outside], None]
    cwd: str = "root"
    env: str | None = None
    #: the error code data/image/stats answer
    code: str = "foreign_file"

    @property
    def file(self) -> str:
        return f"{self.name}.h5"


CASES = (
    Case("efl_absolute", efl_absolute),
    Case("efl_relative", efl_relative),
    Case("efl_symlink", efl_symlink),
    Case("vds_absolute", vds_absolute),
    Case("vds_relative", vds_relative),
    Case("vds_working_directory", vds_working_directory, cwd="outside"),
    Case("vds_prefix", vds_prefix, env="HDF5_VDS_PREFIX"),
    Case("vds_nested", vds_nested),
    Case("link_working_directory", link_working_directory, cwd="outside", code="outside_root"),
    Case("link_prefix", link_prefix, env="HDF5_EXT_PREFIX", code="outside_root"),
)


def read_unconfined(path: Path) -> tuple[np.ndarray, bytes]:
    """What plain h5py reads for the hostile signal and definition: the proof that the case
    is hostile."""
    with h5py.File(path, "r", locking=False) as f:
        definition = f["entry/definition"][()]
        return np.asarray(f["entry/data/data"][()]), bytes(np.asarray(definition).reshape(-1)[0])
