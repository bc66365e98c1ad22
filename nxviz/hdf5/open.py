"""Open HDF5 files read-only (no file locking, SWMR-tolerant, hdf5plugin's filters) and cache them.

:func:`open_readonly` turns OS and HDF5 failures into :class:`FileAccessError` subclasses.
:class:`FileCache` keeps a bounded number of open files keyed by path and modification time;
a file that changed on disk is reopened, and a handle still in use by another thread is closed
only once its last user is done with it.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import h5py

from nxviz.errors import DamagedFileError, FileAccessError, NotHDF5Error

T = TypeVar("T")

MEMO_ITEMS = 4

_NOT_HDF5_HINTS = ("file signature not found", "not an hdf5 file", "bad superblock")
#: HDF5's words when the file is already open in this process with other flags
_FLAGS_HINTS = ("locking flag values don't match", "not the same for file that is already open")


#: SWMR flags tried in turn, always without file locking: a plain read-only open first, then an
#: SWMR reader (a file being written by an SWMR writer needs one). Never with locking: a lock
#: held by the server (even a shared one, for reading) makes a writer's open fail with "unable
#: to lock file". Within one process HDF5 shares an open file, so a second open must repeat the
#: first one's flags: a file some other code in this process opened with locking is refused
#: (FileAccessError) rather than locked again.
_ATTEMPTS: tuple[bool, ...] = (False, True)


def register_filters() -> bool:
    """Register hdf5plugin's compression filters with HDF5 (importing it costs ~25 ms, so a
    caller that reads only metadata may wait until a read fails); True the first time."""
    if "hdf5plugin" in sys.modules:
        return False
    import hdf5plugin  # noqa: F401  (registers the compression filters with HDF5)

    return True


def open_readonly(path: Path | str, *, filters: bool = True) -> h5py.File:
    """Open ``path`` read-only, never locking it, SWMR-tolerant (see ``_ATTEMPTS``).

    Everything in nxviz that opens a user's file should open it through this function, so
    that two parts of one process never disagree on the flags. With ``filters=False``
    hdf5plugin is not imported: the caller calls :func:`register_filters` and reads again
    when a read fails.
    """
    if filters:
        register_filters()
    last: OSError | None = None
    for swmr in _ATTEMPTS:
        try:
            return _open(path, swmr=swmr)
        except FileAccessError:
            raise
        except OSError as error:
            last = error
    assert last is not None
    raise _access_error(path, last) from last


def _open(path: Path | str, *, swmr: bool) -> h5py.File:
    name = os.fspath(path)
    try:
        return h5py.File(name, "r", locking=False, swmr=swmr)
    except FileNotFoundError as error:
        raise FileAccessError(f"{Path(name).name}: no such file") from error
    except PermissionError as error:
        raise FileAccessError(f"{Path(name).name}: permission denied") from error
    except IsADirectoryError as error:
        raise FileAccessError(f"{Path(name).name}: not a regular file") from error
    except OSError as error:
        text = str(error).lower()
        if any(hint in text for hint in _NOT_HDF5_HINTS):
            raise NotHDF5Error(f"{Path(name).name}: not an HDF5 file") from error
        raise


def _access_error(path: Path | str, error: OSError) -> FileAccessError:
    """One sentence, no path, no HDF5 error stack: the client cannot act on HDF5's internals."""
    text = str(error).lower()
    name = Path(os.fspath(path)).name
    if any(hint in text for hint in _NOT_HDF5_HINTS):
        return NotHDF5Error(f"{name}: not an HDF5 file")
    if any(hint in text for hint in _FLAGS_HINTS):
        return FileAccessError(
            f"{name}: already opened in the server's process with other flags (file locking "
            "or SWMR); close it there and try again"
        )
    return DamagedFileError(f"{name}: HDF5 cannot read this file (damaged or incomplete)")


@dataclass
class _Entry:
    file: h5py.File
    stamp: tuple[int, int]
    users: int = 0
    retired: bool = False
    #: values derived from the file (e.g. a detector mask), dropped with the handle
    memo: dict[Hashable, object] = field(default_factory=dict)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except FileNotFoundError as error:
        raise FileAccessError(f"{path.name}: no such file") from error
    except OSError as error:
        raise FileAccessError(f"{path.name}: cannot be read ({error})") from error
    return (st.st_mtime_ns, st.st_size)


class FileCache:
    """At most ``max_files`` open files, keyed by real path; thread-safe.

    Use ``with cache.open(path) as h5file:``; the handle stays valid for the ``with`` block
    even if the file is evicted or changes on disk meanwhile.
    """

    def __init__(self, max_files: int = 32) -> None:
        self.max_files = max(1, max_files)
        self._entries: OrderedDict[Path, _Entry] = OrderedDict()
        self._retired: list[_Entry] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    @contextmanager
    def open(self, path: Path) -> Iterator[h5py.File]:
        entry = self._acquire(path)
        try:
            yield entry.file
        finally:
            self._release(entry)

    def memo(self, h5file: h5py.File, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, remembered with ``h5file``'s cache entry until the file changes."""
        path = Path(h5file.filename)
        with self._lock:
            entry = self._entries.get(path)
            if entry is None or entry.file.id != h5file.id:
                entry = None
            elif key in entry.memo:
                value: T = entry.memo[key]  # type: ignore[assignment]
                return value
        result = compute()
        if entry is not None:
            with self._lock:
                while len(entry.memo) >= MEMO_ITEMS:
                    entry.memo.pop(next(iter(entry.memo)))
                entry.memo[key] = result
        return result

    def stamp_of(self, h5file: h5py.File) -> tuple[int, int] | None:
        """The (mtime, size) ``h5file`` had when this cache opened it (None when it is not this
        cache's open handle of its path): what was read through it belongs to that stamp."""
        with self._lock:
            entry = self._entries.get(Path(h5file.filename))
            if entry is None or entry.file.id != h5file.id:
                return None
            return entry.stamp

    def forget(self, path: Path) -> None:
        """Close ``path`` (once its users are done): e.g. before this process rewrites it,
        which HDF5 refuses while the file is open."""
        with self._lock:
            entry = self._entries.pop(path, None)
            if entry is not None:
                self._retire(entry)

    def _acquire(self, path: Path) -> _Entry:
        try:
            stamp = _stamp(path)
        except FileAccessError:
            self.forget(path)  # deleted or unreadable: do not keep its old handle open
            raise
        with self._lock:
            entry = self._entries.get(path)
            if entry is not None and entry.stamp == stamp and entry.file.id.valid:
                self._entries.move_to_end(path)
                entry.users += 1
                return entry
            if entry is not None:
                self._retire(self._entries.pop(path))
        # Opening can be slow (network file systems): not under the lock.
        fresh = _Entry(open_readonly(path), stamp, users=1)
        with self._lock:
            current = self._entries.get(path)
            if current is not None:
                self._retire(self._entries.pop(path))
            self._entries[path] = fresh
            while len(self._entries) > self.max_files:
                _, oldest = self._entries.popitem(last=False)
                self._retire(oldest)
        return fresh

    def _release(self, entry: _Entry) -> None:
        with self._lock:
            entry.users -= 1
            if entry.retired and entry.users == 0:
                self._retired.remove(entry)
                _close(entry)

    def _retire(self, entry: _Entry) -> None:
        """Called with the lock held: close now, or when the last user releases it."""
        entry.retired = True
        if entry.users == 0:
            _close(entry)
        else:
            self._retired.append(entry)

    def close(self) -> None:
        with self._lock:
            for entry in [*self._entries.values(), *self._retired]:
                _close(entry)
            self._entries.clear()
            self._retired.clear()


def _close(entry: _Entry) -> None:
    try:
        entry.file.close()
    except Exception:  # noqa: S110  (closing a handle HDF5 already invalidated)
        pass
