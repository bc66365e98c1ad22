"""Bulk metadata reads for the walk: HDF5's C functions called directly (through ctypes, in the
HDF5 library h5py ships, :mod:`nxviz.validation.h5lib`) where h5py's low-level API costs more
per call than the work itself (each of its objects is registered, locked and wrapped; ~30 µs an
attribute). Nothing here imports h5py: a small file of numbers and strings is walked without it.

Only the common cases are read here: hard links, simple dataspaces, numbers, fixed-length and
variable-length strings. Everything else (compound, enum, array, reference types, null
dataspaces, soft and external links) returns :data:`SLOW` and the walk reads it through h5py as
before, so both paths give the same values; a type whose dtype is not plain (a float of another
layout, an integer of fewer bits than its size) is described by h5py. Nothing here is used when
HDF5 is older than 1.12 or a symbol is missing: :func:`reader` returns None.
"""

from __future__ import annotations

import ctypes
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from nxviz.validation import h5lib, h5types
from nxviz.validation.h5types import VLEN_STRING

#: Datasets with at most this many elements have their value read (strings, scalars, vectors).
SMALL = 64
#: Objects with at most this many attributes have them all read during the walk; those with
#: more keep their names only, each value read when a rule asks for it.
EAGER = 64
#: What a read returns when the case is not handled here.
SLOW: Any = object()
_UNSEEN: Any = object()
#: What reading an object through h5py may raise (its errors, or a value it cannot convert).
ERRORS = (OSError, RuntimeError, KeyError, TypeError, ValueError)
EMPTY: Mapping[str, Any] = MappingProxyType({})

_HID = ctypes.c_int64
_P = ctypes.c_void_p
_SIZE = ctypes.c_size_t
_H5_INDEX_NAME, _H5_INDEX_CRT_ORDER, _H5_ITER_NATIVE = 0, 1, 2
_H5P_CRT_ORDER_TRACKED = 1
_H5L_TYPE_HARD = 0
#: HDF5's object types (H5O_type_t)
GROUP, DATASET = 0, 1
_H5O_INFO_BASIC, _H5O_INFO_NUM_ATTRS = 1, 4
_H5S_NULL = 2
#: bytes of the type-encoding buffer (a longer encoding: h5py reads it), and of the table's keys
_ENCODED, _KEY = 256, 64
_MAX_RANK = 32


#: H5A_operator2_t and H5L_iterate2_t
_VISIT = ctypes.CFUNCTYPE(ctypes.c_int, _HID, ctypes.c_char_p, _P, _P)
_LINKS = ctypes.CFUNCTYPE(ctypes.c_int, _HID, ctypes.c_char_p, _P, _P)
_H5_ITER_INC = 0


class _Token(ctypes.Union):
    _fields_ = [("token", ctypes.c_uint8 * 16), ("val_size", ctypes.c_size_t)]


class _LinkInfo(ctypes.Structure):  # H5L_info2_t
    _fields_ = [
        ("type", ctypes.c_int),
        ("corder_valid", ctypes.c_bool),
        ("corder", ctypes.c_int64),
        ("cset", ctypes.c_int),
        ("u", _Token),
    ]


class _ObjectInfo(ctypes.Structure):  # H5O_info2_t
    _fields_ = [
        ("fileno", ctypes.c_ulong),
        ("token", ctypes.c_uint8 * 16),
        ("type", ctypes.c_int),
        ("rc", ctypes.c_uint),
        ("atime", ctypes.c_int64),
        ("mtime", ctypes.c_int64),
        ("ctime", ctypes.c_int64),
        ("btime", ctypes.c_int64),
        ("num_attrs", ctypes.c_uint64),
    ]


_SIGNATURES: dict[str, tuple[Any, list[Any]]] = {
    "H5Lget_info2": (ctypes.c_int, [_HID, ctypes.c_char_p, _P, _HID]),
    "H5Oopen": (_HID, [_HID, ctypes.c_char_p, _HID]),
    "H5Oclose": (ctypes.c_int, [_HID]),
    "H5Oget_info3": (ctypes.c_int, [_HID, _P, ctypes.c_uint]),
    "H5Aiterate2": (ctypes.c_int, [_HID, ctypes.c_int, ctypes.c_int, _P, _VISIT, _P]),
    "H5Aopen": (_HID, [_HID, ctypes.c_char_p, _HID]),
    "H5Aget_type": (_HID, [_HID]),
    "H5Aget_space": (_HID, [_HID]),
    "H5Aread": (ctypes.c_int, [_HID, _HID, _P]),
    "H5Aclose": (ctypes.c_int, [_HID]),
    "H5Dget_type": (_HID, [_HID]),
    "H5Dget_space": (_HID, [_HID]),
    "H5Dread": (ctypes.c_int, [_HID, _HID, _HID, _HID, _HID, _P]),
    "H5Sget_simple_extent_dims": (ctypes.c_int, [_HID, _P, _P]),
    "H5Sget_simple_extent_type": (ctypes.c_int, [_HID]),
    "H5Sclose": (ctypes.c_int, [_HID]),
    "H5Tencode": (ctypes.c_int, [_HID, _P, ctypes.POINTER(_SIZE)]),
    "H5Tclose": (ctypes.c_int, [_HID]),
    "H5Treclaim": (ctypes.c_int, [_HID, _HID, _HID, _P]),
    "H5Literate2": (ctypes.c_int, [_HID, ctypes.c_int, ctypes.c_int, _P, _LINKS, _P]),
    "H5Gget_create_plist": (_HID, [_HID]),
    "H5Pget_link_creation_order": (ctypes.c_int, [_HID, ctypes.POINTER(ctypes.c_uint)]),
    "H5Pclose": (ctypes.c_int, [_HID]),
}


class Reader:
    """One per process. Its buffers are reused: callers hold :func:`h5lib.lock` (h5py's lock
    once h5py is imported, which also keeps h5py's own HDF5 calls from running at the same
    time) around each use."""

    def __init__(self, lib: Any, compiled: bool = True) -> None:
        """``compiled``: read attributes with the compiled reader where it was built."""
        for name, (restype, argtypes) in _SIGNATURES.items():
            function = getattr(lib, name)
            function.restype, function.argtypes = restype, argtypes
            setattr(self, name, function)
        self._describe = h5types.Types(lib).describe
        self._names: list[bytes] = []
        self._flags = ctypes.c_uint(0)
        self._each_link = _LINKS(self._link_name)
        self._types: dict[bytes, tuple[int, np.dtype[Any], int] | None] = {}
        self._exact: dict[bytes, tuple[int, np.dtype[Any], int] | None] = {}
        self._link = _LinkInfo()
        self._link_ref = ctypes.byref(self._link)
        self._info = _ObjectInfo()
        self._info_ref = ctypes.byref(self._info)
        self._dims = (ctypes.c_uint64 * _MAX_RANK)()
        self._found: dict[str, Any] | None = None
        self._visit = _VISIT(self._each)
        self._one = (ctypes.c_char_p * 1)()
        self._size = _SIZE(0)
        self._size_ref = ctypes.byref(self._size)
        self._encoded = ctypes.create_string_buffer(_ENCODED)
        self.fileno = 0  # of the object last given to info()
        self._compiled = _compiled(lib, self._types, self._type) if compiled else None
        #: the compiled reader's group functions (links, objects), None without it
        self.group: Any = self._compiled

    # -- links and objects ------------------------------------------------------------------
    def hard_token(self, gid: int, raw: bytes) -> bytes | None:
        """The object token of a hard link, None for any other link or an error."""
        if self.H5Lget_info2(gid, raw, self._link_ref, 0) < 0:  # type: ignore[attr-defined]
            return None
        if self._link.type != _H5L_TYPE_HARD:
            return None
        return bytes(self._link.u.token)

    def names(self, gid: int) -> list[bytes] | None:
        """The names of a group's links in the order h5py lists them (creation order where
        the group tracks it, else by name), or None."""
        index = _H5_INDEX_NAME
        plist = self.H5Gget_create_plist(gid)  # type: ignore[attr-defined]
        if plist >= 0:
            flags = self._flags
            if self.H5Pget_link_creation_order(plist, ctypes.byref(flags)) >= 0:  # type: ignore[attr-defined]
                index = _H5_INDEX_CRT_ORDER if flags.value & _H5P_CRT_ORDER_TRACKED else index
            self.H5Pclose(plist)  # type: ignore[attr-defined]
        names: list[bytes] = []
        self._names = names
        status = self.H5Literate2(gid, index, _H5_ITER_INC, None, self._each_link, None)  # type: ignore[attr-defined]
        self._names = []
        return names if status >= 0 else None

    def _link_name(self, _group: int, raw: bytes, _info: Any, _data: Any) -> int:
        self._names.append(raw)
        return 0

    def open(self, gid: int, raw: bytes) -> int:
        return self.H5Oopen(gid, raw, 0)  # type: ignore[attr-defined,no-any-return]

    def close(self, oid: int) -> None:
        self.H5Oclose(oid)  # type: ignore[attr-defined]

    def info(self, oid: int) -> tuple[int, int, int] | None:
        """(identity, object type, number of attributes), or None."""
        flags = _H5O_INFO_BASIC | _H5O_INFO_NUM_ATTRS
        if self.H5Oget_info3(oid, self._info_ref, flags) < 0:  # type: ignore[attr-defined]
            return None
        info = self._info
        self.fileno = info.fileno
        return identity(info.fileno, bytes(info.token)), info.type, info.num_attrs

    # -- types and values --------------------------------------------------------------------
    def _type(self, tid: int) -> tuple[int, np.dtype[Any], int] | None:
        """(how to read, dtype, memory type) of an HDF5 type, None when h5py must read it.

        One H5Tencode into a reused buffer, keyed by its first bytes: the encoding and whatever
        an earlier, longer one left after it. Equal keys are the same type (an encoding of the
        integer, float and string types read here is under 40 bytes, of a fixed length per
        class, and the class comes first); a new key is checked by the encoding's exact length.
        HDF5 changes the size only when the buffer is too small, and then writes nothing."""
        size = self._size
        size.value = _ENCODED
        if self.H5Tencode(tid, self._encoded, self._size_ref) < 0 or size.value != _ENCODED:  # type: ignore[attr-defined]
            return None
        key = self._encoded.raw[:_KEY]
        try:
            return self._types[key]
        except KeyError:
            pass
        size.value = 0
        if self.H5Tencode(tid, None, self._size_ref) < 0:  # type: ignore[attr-defined]
            return None
        exact = key[: size.value]
        found = self._exact.get(exact, _UNSEEN)
        if found is _UNSEEN:
            found = self._exact[exact] = self._describe(tid)
        self._types[key] = found
        return found  # type: ignore[no-any-return]

    def _shape(self, sid: int) -> tuple[int, ...] | None:
        rank = self.H5Sget_simple_extent_dims(sid, self._dims, None)  # type: ignore[attr-defined]
        if rank < 0 or rank > _MAX_RANK:
            return None
        if rank == 0 and self.H5Sget_simple_extent_type(sid) == _H5S_NULL:  # type: ignore[attr-defined]
            return None
        return tuple(self._dims[:rank])

    def _read(
        self, source: int, sid: int, shape: tuple[int, ...], kind: Any, attribute: bool
    ) -> Any:
        """The value of an attribute (``attribute``) or a dataset of ``shape`` and ``kind`` (as
        :meth:`_type` gives it), or SLOW; strings as str, arrays of them of dtype object."""
        how, dtype, memory = kind
        count = 1
        for n in shape:
            count *= n
        if how == VLEN_STRING:
            buffer: Any = self._one if count == 1 else (ctypes.c_char_p * count)()
        else:
            array = np.zeros(shape, dtype=dtype)
            buffer = array.ctypes.data
        if count:
            status = (
                self.H5Aread(source, memory, buffer)  # type: ignore[attr-defined]
                if attribute
                else self.H5Dread(source, memory, 0, 0, 0, buffer)  # type: ignore[attr-defined]
            )
            if status < 0:
                return SLOW
        if how != VLEN_STRING:
            return text(array[()] if shape == () else array)
        strings = [text(p or b"") for p in buffer]
        self.H5Treclaim(memory, sid, 0, buffer)  # type: ignore[attr-defined]
        if shape == () or (attribute and count == 1):
            return strings[0]  # as walk's _attribute_value unwraps it
        return np.array(strings, dtype=object).reshape(shape)

    def attributes(self, oid: int) -> Any:
        """Every attribute of an object as ``walk._attributes`` gives them, or SLOW (one pass
        of HDF5's iteration: opening the n-th attribute re-reads all of them each time)."""
        if self._compiled is not None:
            read = self._compiled.attributes(oid)
            return SLOW if read is None else MappingProxyType(read)
        found: dict[str, Any] = {}
        self._found = found
        status = self.H5Aiterate2(oid, _H5_INDEX_NAME, _H5_ITER_NATIVE, None, self._visit, None)  # type: ignore[attr-defined]
        self._found = None
        return MappingProxyType(found) if status == 0 else SLOW

    def _each(self, location: int, raw: bytes, _info: Any, _data: Any) -> int:
        """H5Aiterate2's callback: 0 to go on, 1 to stop (a case h5py must read). The steps of
        :meth:`_described` and :meth:`_read` are written out here (110,000 attributes on the
        20k-object file: each Python call saved is ~10 ms), a scalar string read directly."""
        try:
            aid = self.H5Aopen(location, raw, 0)  # type: ignore[attr-defined]
            if aid < 0:
                return 1
            try:
                tid = self.H5Aget_type(aid)  # type: ignore[attr-defined]
                kind = self._type(tid)
                self.H5Tclose(tid)  # type: ignore[attr-defined]
                if kind is None:
                    return 1
                sid = self.H5Aget_space(aid)  # type: ignore[attr-defined]
                try:
                    dims = self._dims
                    rank = self.H5Sget_simple_extent_dims(sid, dims, None)  # type: ignore[attr-defined]
                    if rank < 0 or rank > _MAX_RANK:
                        return 1
                    if rank == 0:
                        if self.H5Sget_simple_extent_type(sid) == _H5S_NULL:  # type: ignore[attr-defined]
                            return 1
                        if kind[0] == VLEN_STRING:
                            one, memory = self._one, kind[2]
                            if self.H5Aread(aid, memory, one) < 0:  # type: ignore[attr-defined]
                                return 1
                            value = text(one[0] or b"")
                            self.H5Treclaim(memory, sid, 0, one)  # type: ignore[attr-defined]
                            self._found[raw.decode("utf-8", errors="replace")] = value  # type: ignore[index]
                            return 0
                    value = self._read(aid, sid, tuple(dims[:rank]), kind, attribute=True)
                finally:
                    self.H5Sclose(sid)  # type: ignore[attr-defined]
            finally:
                self.H5Aclose(aid)  # type: ignore[attr-defined]
            if value is SLOW:
                return 1
            if isinstance(value, np.ndarray) and value.size == 1 and isinstance(value.flat[0], str):
                value = value.flat[0]
            self._found[raw.decode("utf-8", errors="replace")] = value  # type: ignore[index]
            return 0
        except Exception:  # noqa: BLE001 - never let an error cross the C callback
            return 1

    def dataset(self, did: int, value: bool = True) -> Any:
        """(shape, dtype, small value or None), or SLOW; no value read unless ``value``."""
        if self._compiled is not None:
            read = self._compiled.dataset(did, value)
            return SLOW if read is None else read
        described = self._described(did, attribute=False)
        if described is SLOW:
            return SLOW
        sid, shape, kind = described
        try:
            count = 1
            for n in shape:
                count *= n
            if count > SMALL or not value:
                return shape, kind[1], None
            read = self._read(did, sid, shape, kind, attribute=False)
            return SLOW if read is SLOW else (shape, kind[1], read)
        finally:
            self.H5Sclose(sid)  # type: ignore[attr-defined]

    def _described(self, source: int, attribute: bool) -> Any:
        """(open dataspace, shape, kind) of an attribute or a dataset, or SLOW (nothing open)."""
        tid = (self.H5Aget_type if attribute else self.H5Dget_type)(source)  # type: ignore[attr-defined]
        kind = self._type(tid)
        self.H5Tclose(tid)  # type: ignore[attr-defined]
        if kind is None:
            return SLOW
        sid = (self.H5Aget_space if attribute else self.H5Dget_space)(source)  # type: ignore[attr-defined]
        shape = self._shape(sid)
        if shape is None:
            self.H5Sclose(sid)  # type: ignore[attr-defined]
            return SLOW
        return sid, shape, kind


#: The HDF5 functions the compiled reader calls, in the order of its table (_h5attrs.c).
_COMPILED_CALLS = (
    "H5Aiterate2",
    "H5Aopen",
    "H5Aclose",
    "H5Aget_type",
    "H5Aget_space",
    "H5Aread",
    "H5Tencode",
    "H5Tclose",
    "H5Sget_simple_extent_dims",
    "H5Sget_simple_extent_type",
    "H5Sclose",
    "H5Treclaim",
    "H5Dget_type",
    "H5Dget_space",
    "H5Dread",
    "H5Oopen_by_token",
    "H5Oget_info3",
    "H5Oclose",
    "H5Literate2",
    "H5Gget_create_plist",
    "H5Pget_link_creation_order",
    "H5Pclose",
)


def _finish(value: Any, shape: tuple[int, ...], strings: bool, attribute: bool) -> Any:
    """The compiled reader's values as :meth:`Reader._read` (and, for an attribute, ``_each``)
    give them."""
    if strings:
        return np.array(value, dtype=object).reshape(shape)
    value = text(value[()] if shape == () else value)
    if attribute and isinstance(value, np.ndarray) and value.size == 1:
        if isinstance(value.flat[0], str):
            return value.flat[0]
    return value


def _compiled(lib: Any, types: dict[bytes, Any], describe: Any) -> Any:
    """The compiled reader (hatch_build.py builds it where a C compiler and Python's headers
    are present), given this library's functions; None where it was not built."""
    try:
        from nxviz.validation import _h5attrs
    except ImportError:
        return None
    addresses = tuple(ctypes.cast(getattr(lib, name), _P).value for name in _COMPILED_CALLS)
    _h5attrs.init(addresses, types, describe, np.zeros, _finish)
    return _h5attrs


def identity(fileno: int, token: bytes) -> int:
    """A non-zero number naming one object of one open file."""
    return hash((fileno, token)) or 1


def text(value: Any) -> Any:
    """Bytes and arrays of bytes as str (UTF-8, else Latin-1); other values unchanged."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:  # old writers store Latin-1 ("Å") in ASCII strings
            return value.decode("latin-1")
    if isinstance(value, np.ndarray) and value.dtype.kind in "SO":
        return np.array([text(v) for v in value.ravel()], dtype=object).reshape(value.shape)
    return value


_READER: list[Reader | None] = []


def reader() -> Reader | None:
    """The process's reader, or None where h5py's HDF5 lacks what it needs."""
    if not _READER:
        found: Reader | None = None
        lib = h5lib.library()
        if lib is not None:
            try:
                found = Reader(lib)
            except (OSError, AttributeError, ValueError):
                found = None
        _READER.append(found)
    return _READER[0]
