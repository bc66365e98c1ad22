"""Reading through h5py's low-level API: the general path of the walk (every type, lazy
attributes of objects with many), used where :mod:`nxviz.validation.h5fast` does not apply."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

import h5py
import numpy as np

from nxviz.hdf5.open import register_filters
from nxviz.validation.h5fast import EAGER as EAGER
from nxviz.validation.h5fast import EMPTY as EMPTY
from nxviz.validation.h5fast import ERRORS as ERRORS
from nxviz.validation.h5fast import SMALL, text


def attribute_value(value: Any) -> Any:
    """Attribute values as rules read them: a one-element array of strings is its string."""
    value = text(value)
    if isinstance(value, np.ndarray) and value.size == 1 and isinstance(value.flat[0], str):
        return value.flat[0]
    return value


#: numpy dtypes and HDF5 memory types of the plain attribute types, built once per process
_DTYPES: dict[tuple[int, ...], np.dtype[Any]] = {}
_MEMORY_TYPES: dict[np.dtype[Any], Any] = {}


def memory_type(dtype: np.dtype[Any]) -> Any:
    if dtype.hasobject or dtype.metadata:
        # object dtypes (strings, vlen, references) and fixed-length strings (ASCII or UTF-8)
        # differ only in their metadata, which numpy's equality ignores: a cache keyed by the
        # dtype would hand one's HDF5 type to another (HDF5 then refuses to convert UTF-8 to
        # ASCII, and the value is lost)
        return h5py.h5t.py_create(dtype)
    found = _MEMORY_TYPES.get(dtype)
    if found is None:
        found = _MEMORY_TYPES[dtype] = h5py.h5t.py_create(dtype)
    return found


def read(source: Any, shape: tuple[int, ...], dtype: np.dtype[Any]) -> Any:
    """Read a whole attribute or dataset through h5py's low-level API (no per-call wrappers)."""
    array = np.zeros(shape, dtype=dtype)
    if 0 not in shape:
        mtype = memory_type(dtype)
        if isinstance(source, h5py.h5a.AttrID):
            source.read(array, mtype=mtype)
        else:
            source.read(h5py.h5s.ALL, h5py.h5s.ALL, array, mtype=mtype)
    return array[()] if shape == () else array


def type_of(tid: Any) -> np.dtype[Any]:
    """The numpy dtype of an HDF5 type; integers, floats and strings from a per-process table
    keyed by what decides them (asking h5py for ``dtype`` costs more than the read itself)."""
    kind = tid.get_class()
    if kind == h5py.h5t.STRING:
        key: tuple[int, ...] = (kind, int(tid.is_variable_str()), tid.get_size(), tid.get_cset())
    elif kind == h5py.h5t.INTEGER:
        key = (kind, tid.get_size(), tid.get_order(), tid.get_sign())
    elif kind == h5py.h5t.FLOAT:
        key = (kind, tid.get_size(), tid.get_order(), tid.get_precision())
    else:
        return tid.dtype  # type: ignore[no-any-return]
    found = _DTYPES.get(key)
    if found is None:
        found = _DTYPES[key] = tid.dtype
    return found


def attribute(oid: Any, raw: bytes) -> Any:
    """One attribute's value as rules read it; None when empty or unreadable."""
    try:
        attr = h5py.h5a.open(oid, raw)
        dtype = type_of(attr.get_type())
        if dtype.subdtype is not None:
            return None  # an array type
        shape = attr.get_space().get_simple_extent_dims()
        if shape == () and attr.get_storage_size() == 0:
            return None  # an empty (null) attribute
        return attribute_value(read(attr, shape, dtype))
    except ERRORS:
        return None  # present but unreadable (e.g. an unsupported type)


class Attributes(Mapping[str, Any]):
    """An object's attributes: every name, each value read when a rule first asks for it (an
    object with 100,000 attributes costs one pass over its names, not 100,000 reads)."""

    __slots__ = ("_oid", "_raw", "_values")

    def __init__(self, oid: Any, raw: dict[str, bytes]) -> None:
        self._oid = oid
        self._raw = raw
        self._values: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raw = self._raw[name]  # KeyError for a name the object does not have
        value = self._values[name] = attribute(self._oid, raw)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, name: object) -> bool:
        return name in self._raw


def attributes(oid: Any) -> Mapping[str, Any]:
    raw: dict[str, bytes] = {}

    def take(name: bytes) -> None:
        raw[name.decode("utf-8", errors="replace")] = name

    try:
        if h5py.h5a.get_num_attrs(oid) == 0:
            return EMPTY
        h5py.h5a.iterate(oid, take, order=h5py.h5.ITER_NATIVE)  # no sorted copy of the names
    except ERRORS:
        if not raw:
            return EMPTY
    if len(raw) > EAGER:  # rare: keep the object open and read what rules ask for
        return Attributes(oid, raw)
    # the common case: read now, so no object stays open (22,000 open objects cost 270 MB)
    return MappingProxyType({name: attribute(oid, key) for name, key in raw.items()})


def small_value(dataset: Any, shape: tuple[int, ...] | None, dtype: np.dtype[Any]) -> Any:
    if shape is None or dtype.kind == "V" or dtype.subdtype is not None:
        return None
    size = 1
    for n in shape:
        size *= n
    if size > SMALL:
        return None
    try:
        return text(read(dataset, shape, dtype))
    except ERRORS:
        if not register_filters():
            return None  # e.g. a missing filter: the value stays unknown
    try:  # compressed with a filter hdf5plugin registers: read again
        return text(read(dataset, shape, dtype))
    except ERRORS:
        return None
