"""What HDF5 raises on a damaged or changing file, as one readable error, in one place.

h5py answers corrupt metadata with ``OSError``, ``RuntimeError``, ``KeyError`` or ``ValueError``
from deep inside a read. :func:`guarded` runs a piece of work on a file and turns such an error
(one that passed through h5py) into :class:`~nxviz.errors.FileChangedError` when the file's size
or modification time changed meanwhile (a writer rewrote it: try again), else into
:class:`~nxviz.errors.DamagedFileError`. Errors raised by nxviz's own code outside h5py are left
alone: they are bugs, and a 500 with a traceback in the log is how they get found.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from nxviz.errors import (
    DamagedFileError,
    EntityNotFoundError,
    FileAccessError,
    FileChangedError,
    NxvizError,
    OutsideRootError,
)

T = TypeVar("T")

#: what h5py raises for a file HDF5 cannot read
HDF5_ERRORS = (OSError, RuntimeError, KeyError, ValueError, TypeError, IndexError)

_PACKAGES = ("h5py", "hdf5plugin", "h5grove")

CHANGED = "the file changed while it was read; try again"


def stamp(path: Path) -> tuple[int, int] | None:
    """(modification time in ns, size) of ``path``, None when it cannot be read."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_mtime_ns, st.st_size)


def _frames(tb: TracebackType | None) -> list[str]:
    files: list[str] = []
    while tb is not None:
        files.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    return files


def from_hdf5(error: BaseException) -> bool:
    """Whether ``error`` (or the error it was raised from) came out of h5py / HDF5."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        for filename in _frames(current.__traceback__):
            parts = Path(filename).parts
            if any(package in parts for package in _PACKAGES) or filename.endswith(".pyx"):
                return True
        current = current.__cause__ or current.__context__
    return False


def translate(path: Path, before: tuple[int, int] | None, error: BaseException) -> NxvizError:
    """The readable error for ``error``, raised while reading ``path`` (stamped ``before``)."""
    if stamp(path) != before:
        return FileChangedError(f"{path.name}: {CHANGED}")
    return DamagedFileError(f"{path.name}: HDF5 cannot read this file (damaged or incomplete)")


def guarded(path: Path, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, with HDF5's failures on ``path`` as nxviz errors (see above).

    An nxviz error is kept, except that a read failure (no such entity, an unreadable file) on
    a file that changed meanwhile is a FileChangedError: the failure may be the change's.
    """
    before = stamp(Path(path))
    try:
        return fn(*args, **kwargs)
    except (FileAccessError, EntityNotFoundError) as error:
        if isinstance(error, (OutsideRootError, FileChangedError)):
            raise
        if stamp(Path(path)) != before:
            raise FileChangedError(f"{Path(path).name}: {CHANGED}") from error
        raise
    except NxvizError:
        raise
    except HDF5_ERRORS as error:
        if not from_hdf5(error):
            raise
        raise translate(Path(path), before, error) from error
