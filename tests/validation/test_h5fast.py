"""The walk's ctypes reader (``h5fast``) reads the common attribute and dataset kinds itself and
gives the values h5py's path (``h5read``) gives; it hands back only what it does not handle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest
from h5py._objects import phil

from nxviz.validation import h5fast, h5read

VALUES: dict[str, Any] = {
    "utf8_vlen": "mm",  # h5py writes str as variable-length UTF-8
    "utf8_vlen_accent": "Å",
    "ascii_vlen": np.array(b"deg", dtype=h5py.string_dtype("ascii")),
    "utf8_vlen_array": np.array([".", "radial"], dtype=h5py.string_dtype()),
    "ascii_fixed": np.bytes_(b"NXentry"),
    "utf8_fixed": np.array("µm".encode(), dtype=h5py.string_dtype("utf-8", 3)),
    "float": 1.5,
    "vector": np.array([0.0, 0.0, 1.0]),
    "int32": np.int32(-4),
    "uint8_matrix": np.arange(6, dtype=np.uint8).reshape(2, 3),
}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.array_equal(np.asarray(a), np.asarray(b)) and np.shape(a) == np.shape(b))
    return type(a) is type(b) and a == b


@pytest.fixture
def written(tmp_path: Path) -> Path:
    path = tmp_path / "kinds.h5"
    with h5py.File(path, "w") as f:
        for name, value in VALUES.items():
            f.attrs[name] = value
            f[name] = value
    return path


def _reader() -> h5fast.Reader:
    reader = h5fast.reader()
    assert reader is not None  # HDF5 >= 1.12 with h5py: the project's dependencies
    return reader


def test_attributes_of_every_common_kind_are_read_without_h5py(written: Path) -> None:
    reader = _reader()
    with h5py.File(written, "r") as f, phil:
        fast = reader.attributes(f.id.id)
        slow = h5read.attributes(h5py.h5o.open(f.id, b"/"))
    assert fast is not h5fast.SLOW  # nothing handed back to h5py (UTF-8 strings once were)
    assert set(fast) == set(VALUES)
    for name in VALUES:
        assert _same(fast[name], slow[name]), (name, fast[name], slow[name])


def test_small_datasets_of_every_common_kind_are_read_without_h5py(written: Path) -> None:
    reader = _reader()
    with h5py.File(written, "r") as f:
        for name in VALUES:
            dataset = f[name].id
            with phil:
                fast = reader.dataset(dataset.id)
            assert fast is not h5fast.SLOW, name
            shape, dtype, value = fast
            assert shape == dataset.shape and dtype == h5read.type_of(dataset.get_type())
            expected = h5read.small_value(dataset, dataset.shape, dtype)
            assert _same(value, expected), (name, value, expected)


def test_a_type_read_after_a_longer_one_is_still_told_apart(tmp_path: Path) -> None:
    # the type table is keyed by the start of a reused encoding buffer: a long compound type
    # (h5py reads it) leaves bytes behind that the short types read after it must not confuse
    path = tmp_path / "order.h5"
    compound = np.dtype([(name * 20, "<f8") for name in "abc"])
    order = [
        ("compound", np.zeros(2, dtype=compound)),
        ("int8", np.int8(-3)),
        ("compound_again", np.zeros(1, dtype=compound)),
        ("float32", np.float32(2.5)),
        ("uint64", np.uint64(7)),
        ("text", "x"),
        ("float64", 1.25),
        ("int8_again", np.int8(5)),
    ]
    with h5py.File(path, "w") as f:
        for name, value in order:
            f[name] = value
    reader = _reader()
    with h5py.File(path, "r") as f:
        for name, _ in order:
            dataset = f[name].id
            with phil:
                fast = reader.dataset(dataset.id)
            if name.startswith("compound"):
                assert fast is h5fast.SLOW
                continue
            dtype = h5read.type_of(dataset.get_type())
            assert fast[1] == dtype, name
            assert _same(fast[2], h5read.small_value(dataset, dataset.shape, dtype)), name


def test_h5py_path_reads_utf8_fixed_strings_after_ascii_ones_of_the_same_length(
    tmp_path: Path,
) -> None:
    # fixed-length ASCII and UTF-8 string dtypes compare equal in numpy (only their metadata
    # differs): h5read's table of HDF5 memory types once handed the ASCII one to the UTF-8
    # read, which HDF5 refuses, and the value came back as None
    path = tmp_path / "fixed.h5"
    with h5py.File(path, "w") as f:
        f.attrs["ascii"] = np.bytes_(b"deg")
        f.create_group("g").attrs["utf8"] = VALUES["utf8_fixed"]
    with h5py.File(path, "r") as f:
        first = h5read.attributes(h5py.h5o.open(f.id, b"/"))
        second = h5read.attributes(h5py.h5o.open(f.id, b"g"))
    assert (first["ascii"], second["utf8"]) == ("deg", "µm")
