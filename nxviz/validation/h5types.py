"""HDF5 types described as h5py describes them (numpy dtypes, h5py's string metadata), and the
memory types h5fast reads them into, without importing h5py: integers of whole bytes, IEEE
float32/float64 and strings here; a number of another layout (a half float, a 12-bit
integer) is described by h5py itself (imported then); anything else is not read by h5fast."""

from __future__ import annotations

import ctypes
from collections.abc import Mapping
from typing import Any

import numpy as np

_HID = ctypes.c_int64
_SIZE = ctypes.c_size_t

#: How h5fast reads a described type: into a numpy array, or as variable-length strings.
PLAIN, VLEN_STRING = 1, 2

_SIGNATURES: dict[str, tuple[Any, list[Any]]] = {
    "H5Tget_class": (ctypes.c_int, [_HID]),
    "H5Tget_cset": (ctypes.c_int, [_HID]),
    "H5Tset_cset": (ctypes.c_int, [_HID, ctypes.c_int]),
    "H5Tcopy": (_HID, [_HID]),
    "H5Tget_size": (_SIZE, [_HID]),
    "H5Tset_size": (ctypes.c_int, [_HID, _SIZE]),
    "H5Tget_order": (ctypes.c_int, [_HID]),
    "H5Tget_sign": (ctypes.c_int, [_HID]),
    "H5Tget_precision": (_SIZE, [_HID]),
    "H5Tget_offset": (ctypes.c_int, [_HID]),
    "H5Tequal": (ctypes.c_int, [_HID, _HID]),
    "H5Tis_variable_str": (ctypes.c_int, [_HID]),
    "H5Tset_strpad": (ctypes.c_int, [_HID, ctypes.c_int]),
}

#: HDF5's type classes read here (H5T_class_t), character sets, padding, variable size
_INTEGER, _FLOAT, _STRING = 0, 1, 3
_H5T_CSET_ASCII, _H5T_CSET_UTF8 = 0, 1
_H5T_STR_NULLPAD = 1
_H5T_VARIABLE = ctypes.c_size_t(-1).value
#: the IEEE float types h5py describes as numpy's float32 and float64, by their HDF5 names
_FLOATS = {
    "H5T_IEEE_F32LE_g": "<f4",
    "H5T_IEEE_F32BE_g": ">f4",
    "H5T_IEEE_F64LE_g": "<f8",
    "H5T_IEEE_F64BE_g": ">f8",
}
_ENCODINGS = {_H5T_CSET_ASCII: "ascii", _H5T_CSET_UTF8: "utf-8"}

Described = tuple[int, np.dtype[Any], int]


def string_dtype(cset: int, length: int | None) -> np.dtype[Any] | None:
    """The dtype h5py gives an HDF5 string type (``h5py.string_dtype``): variable-length
    strings an object dtype whose metadata names str (UTF-8) or bytes (ASCII), fixed-length
    ones ``S<length>`` naming their encoding; None for another character set."""
    encoding = _ENCODINGS.get(cset)
    if encoding is None:
        return None
    if length is None:
        return np.dtype("O", metadata={"vlen": str if encoding == "utf-8" else bytes})
    return np.dtype(f"|S{length}", metadata={"h5py_encoding": encoding})


def is_string(dtype: np.dtype[Any]) -> bool:
    """What ``h5py.check_string_dtype`` says of a dtype, without importing h5py."""
    if dtype.kind in "SU":
        return True
    metadata: Mapping[str, Any] = dtype.metadata or {}
    return metadata.get("vlen") in (str, bytes)


class Types:
    """One per reader; the memory types it makes live as long as the process."""

    def __init__(self, lib: Any) -> None:
        for name, (restype, argtypes) in _SIGNATURES.items():
            function = getattr(lib, name)
            function.restype, function.argtypes = restype, argtypes
            setattr(self, name, function)
        self._string = _HID.in_dll(lib, "H5T_C_S1_g").value
        self._floats = {_HID.in_dll(lib, name).value: np.dtype(d) for name, d in _FLOATS.items()}
        self._keep: list[Any] = []  # h5py type objects whose ids the table holds
        # variable-length strings are read as stored: HDF5 converts no ASCII to UTF-8 or back
        self._vlen: dict[int, int] = {}
        for cset in (_H5T_CSET_ASCII, _H5T_CSET_UTF8):
            vlen = self.H5Tcopy(self._string)  # type: ignore[attr-defined]
            self.H5Tset_size(vlen, _H5T_VARIABLE)  # type: ignore[attr-defined]
            self.H5Tset_cset(vlen, cset)  # type: ignore[attr-defined]
            self._vlen[cset] = vlen

    def describe(self, tid: int) -> Described | None:
        """(how to read, dtype, memory type) of a type seen for the first time, or None."""
        kind = self.H5Tget_class(tid)  # type: ignore[attr-defined]
        if kind == _STRING:
            return self._text(tid)
        if kind == _INTEGER:
            size = self.H5Tget_size(tid)  # type: ignore[attr-defined]
            whole = self.H5Tget_precision(tid) == 8 * size and self.H5Tget_offset(tid) == 0  # type: ignore[attr-defined]
            order, sign = self.H5Tget_order(tid), self.H5Tget_sign(tid)  # type: ignore[attr-defined]
            if whole and size in (1, 2, 4, 8) and order in (0, 1) and sign in (0, 1):
                dtype = np.dtype(f"{'<>'[order]}{'ui'[sign]}{size}")
                return PLAIN, dtype, self.H5Tcopy(tid)  # type: ignore[attr-defined]
            return self._by_h5py(tid, integer=True)
        if kind == _FLOAT:
            for standard, dtype in self._floats.items():
                if self.H5Tequal(tid, standard) > 0:  # type: ignore[attr-defined]
                    return PLAIN, dtype, standard
            return self._by_h5py(tid, integer=False)
        return None

    def _text(self, tid: int) -> Described | None:
        cset = self.H5Tget_cset(tid)  # type: ignore[attr-defined]
        if self.H5Tis_variable_str(tid) > 0:  # type: ignore[attr-defined]
            memory = self._vlen.get(cset)
            dtype = string_dtype(cset, None)
            return None if memory is None or dtype is None else (VLEN_STRING, dtype, memory)
        size = self.H5Tget_size(tid)  # type: ignore[attr-defined]
        dtype = string_dtype(cset, size)
        if dtype is None or not size:
            return None
        # h5py's memory type for fixed-length strings: null-padded (a space-padded value
        # comes back without its spaces)
        memory = self.H5Tcopy(self._string)  # type: ignore[attr-defined]
        self.H5Tset_size(memory, size)  # type: ignore[attr-defined]
        self.H5Tset_strpad(memory, _H5T_STR_NULLPAD)  # type: ignore[attr-defined]
        self.H5Tset_cset(memory, cset)  # type: ignore[attr-defined]
        return PLAIN, dtype, memory

    def _by_h5py(self, tid: int, integer: bool) -> Described | None:
        """A number type h5py describes (a half float, a 12-bit integer): its dtype, and
        h5py's memory type for it."""
        import h5py

        from nxviz.validation.h5read import type_of

        wrapper = h5py.h5t.TypeIntegerID if integer else h5py.h5t.TypeFloatID
        typeid = wrapper(self.H5Tcopy(tid))  # type: ignore[attr-defined]
        dtype = type_of(typeid)
        self._keep.append(typeid)
        if dtype.subdtype is not None or dtype.kind not in "iuf":
            return None
        memory = h5py.h5t.py_create(dtype)
        self._keep.append(memory)
        return PLAIN, dtype, memory.id
