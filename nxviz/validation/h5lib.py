"""The HDF5 library h5py ships, loaded without importing h5py (importing h5py costs ~50 ms of a
~0.2 s ``nxviz validate small.nxs``), and a file opened through it for the walk.

The library is found through h5py's installed extension modules, so it is the same library
h5py uses once something does import it: an id opened here is valid for h5py and the other way
round (:attr:`NativeFile.id` hands the open file to h5py when a rule needs h5py's reading).
A file is opened here only while h5py is not imported in the process (the command line's
case, see :func:`wanted`); a process that uses h5py opens files through
:func:`nxviz.hdf5.open.open_readonly` as before, so two opens of one file never differ in
their flags.
"""

from __future__ import annotations

import ctypes
import importlib.machinery
import importlib.util
import os
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

_HID = ctypes.c_int64
_H5F_ACC_RDONLY, _H5F_ACC_SWMR_READ = 0x0000, 0x0040
_H5E_DEFAULT = 0

_SIGNATURES: dict[str, tuple[Any, list[Any]]] = {
    "H5get_libversion": (ctypes.c_int, [ctypes.c_void_p] * 3),
    "H5Eset_auto2": (ctypes.c_int, [_HID, ctypes.c_void_p, ctypes.c_void_p]),
    "H5Fis_accessible": (ctypes.c_int, [ctypes.c_char_p, _HID]),
    "H5Pcreate": (_HID, [_HID]),
    "H5Pset_file_locking": (ctypes.c_int, [_HID, ctypes.c_bool, ctypes.c_bool]),
    "H5Pclose": (ctypes.c_int, [_HID]),
    "H5Fopen": (_HID, [ctypes.c_char_p, ctypes.c_uint, _HID]),
    "H5Fclose": (ctypes.c_int, [_HID]),
    "H5Fget_mdc_config": (ctypes.c_int, [_HID, ctypes.c_void_p]),
    "H5Fset_mdc_config": (ctypes.c_int, [_HID, ctypes.c_void_p]),
    "H5Iinc_ref": (ctypes.c_int, [_HID]),
}


class _CacheConfig(ctypes.Structure):  # H5AC_cache_config_t (version 1), then spare room
    _fields_ = [
        ("version", ctypes.c_int),
        ("rpt_fcn_enabled", ctypes.c_bool),
        ("open_trace_file", ctypes.c_bool),
        ("close_trace_file", ctypes.c_bool),
        ("trace_file_name", ctypes.c_char * 1025),
        ("evictions_enabled", ctypes.c_bool),
        ("set_initial_size", ctypes.c_bool),
        ("initial_size", ctypes.c_size_t),
        ("min_clean_fraction", ctypes.c_double),
        ("max_size", ctypes.c_size_t),
        ("min_size", ctypes.c_size_t),
        ("epoch_length", ctypes.c_long),
        ("rest", ctypes.c_char * 512),  # the fields not changed here, and spare room
    ]


#: Guards h5py-free HDF5 calls while h5py is not imported (h5py's own lock, ``phil``, once it is)
_LOCK = threading.RLock()
_LIBRARY: list[Any] = []
#: Tests set this to use the h5py-free open in a process that has imported h5py.
FORCE = False


def lock() -> Any:
    """The lock every HDF5 call of the walk holds: h5py's once h5py is imported, else ours."""
    objects = sys.modules.get("h5py._objects")
    return objects.phil if objects is not None else _LOCK


def _extension() -> Path | None:
    """h5py's ``h5o`` extension module, found without importing h5py."""
    spec = importlib.util.find_spec("h5py")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        return None
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = Path(next(iter(folders))) / f"h5o{suffix}"
        if candidate.is_file():
            return candidate
    return None


def library() -> Any:
    """The HDF5 library (a ctypes handle with the functions above typed), or None where it
    cannot be found or is older than 1.12 (the walk then reads everything through h5py)."""
    if not _LIBRARY:
        found: Any = None
        try:
            path = _extension()
            # the extension's handle finds the HDF5 library it was linked with
            lib = ctypes.PyDLL(os.fspath(path)) if path is not None else None
            if lib is not None:
                for name, (restype, argtypes) in _SIGNATURES.items():
                    function = getattr(lib, name)
                    function.restype, function.argtypes = restype, argtypes
                version = (ctypes.c_uint * 3)()
                refs = [ctypes.byref(version, i * ctypes.sizeof(ctypes.c_uint)) for i in range(3)]
                lib.H5get_libversion(*refs)
                if tuple(version) >= (1, 12, 0):
                    lib.H5Eset_auto2(_H5E_DEFAULT, None, None)  # no error stacks on stderr
                    found = lib
        except (OSError, AttributeError, ValueError, ImportError):
            found = None
        _LIBRARY.append(found)
    return _LIBRARY[0]


def wanted() -> bool:
    """True when a file should be opened here: h5py is not imported (or a test says so)."""
    return FORCE or "h5py" not in sys.modules


class NativeFile:
    """A file open read-only through HDF5's C functions: ``hid`` for the walk; ``id`` (h5py's
    FileID of the same open file, h5py imported then) for rules that read through h5py."""

    def __init__(self, lib: Any, hid: int) -> None:
        self._lib = lib
        self.hid = hid
        self._h5py_id: Any = None

    @property
    def id(self) -> Any:  # noqa: A003 - the name h5py.File gives it
        if self._h5py_id is None:
            import h5py

            with lock():
                self._lib.H5Iinc_ref(self.hid)  # h5py's FileID owns (and drops) this reference
                self._h5py_id = h5py.h5f.FileID(self.hid)
        return self._h5py_id

    def close(self) -> None:
        if self.hid >= 0:
            with lock():
                self._lib.H5Fclose(self.hid)
            self.hid = -1

    def __enter__(self) -> NativeFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def is_hdf5(path: Path) -> bool | None:
    """HDF5's own answer, or None when it has none (an error) or the library is not loaded."""
    lib = library()
    if lib is None:
        return None
    with lock():
        answer = lib.H5Fis_accessible(os.fsencode(path), 0)
    return None if answer < 0 else answer > 0


def open_native(path: Path) -> NativeFile | None:
    """``path`` open read-only and never locked (as :func:`nxviz.hdf5.open.open_readonly`:
    a plain open, then as an SWMR reader), with a small metadata cache (each object's header is
    read once); None when it cannot be opened here (the caller opens it through h5py, which
    says why)."""
    lib = library()
    if lib is None or not wanted():
        return None
    name = os.fsencode(path)
    with lock():
        fapl = lib.H5Pcreate(_HID.in_dll(lib, "H5P_CLS_FILE_ACCESS_ID_g").value)
        if fapl < 0:
            return None
        try:
            if lib.H5Pset_file_locking(fapl, False, False) < 0:
                return None
            for flags in (_H5F_ACC_RDONLY, _H5F_ACC_RDONLY | _H5F_ACC_SWMR_READ):
                hid = lib.H5Fopen(name, flags, fapl)
                if hid >= 0:
                    _small_metadata_cache(lib, hid)
                    return NativeFile(lib, hid)
        finally:
            lib.H5Pclose(fapl)
    return None


def _small_metadata_cache(lib: Any, hid: int) -> None:
    """1-4 MiB instead of HDF5's 2-32 MiB: skipped unless HDF5 gives back what it should."""
    config = _CacheConfig()
    config.version = 1
    if lib.H5Fget_mdc_config(hid, ctypes.byref(config)) < 0 or config.version != 1:
        return
    if not 0 < config.min_size <= config.initial_size <= config.max_size <= 1 << 40:
        return  # not the layout this expects: leave the cache as it is
    config.set_initial_size = True
    config.initial_size = 1 << 20
    config.min_size = 1 << 20
    config.max_size = 4 << 20
    lib.H5Fset_mdc_config(hid, ctypes.byref(config))
