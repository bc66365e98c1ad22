"""Build one volume's pyramid in a process of its own: ``python -m nxviz.volumes.build FILE PATH``.

The server starts it (a build reads the whole volume: minutes for 2048³, longer than a request
may take) and stops it with SIGTERM to cancel, or when the server stops; the build then stops
within a chunk and removes its partial folder. A build whose server ended (even killed) is
cancelled the same way (:func:`follow_parent`). Progress goes to ``progress.json`` in the
partial folder. The exit status says how it ended (0 built, 3 refused by the cache with a
one-line notice on stderr, 4 cancelled, 5 the file changed while it was read, 2 any other
failure, its reason on stderr).
The data file is opened read-only, without locking; nothing is written beside it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

import h5py

from nxviz.errors import UsageError
from nxviz.hdf5.locate import Locator
from nxviz.volumes.cache import (
    PROGRESS,
    CacheUnavailable,
    Identity,
    PyramidCache,
    read_json,
    write_json,
)
from nxviz.volumes.chunks import Cancelled
from nxviz.volumes.pyramid import MIN_SIDE, build, level_shapes, pyramid_bytes
from nxviz.volumes.slices import check_volume

BUILT, FAILED, REFUSED, CANCELLED, CHANGED = 0, 2, 3, 4, 5
PARENT_VARIABLE = "NXVIZ_BUILD_PARENT"  # the server's pid: the build ends with that process
PR_SET_PDEATHSIG = 1


def follow_parent(cancel: threading.Event) -> None:
    """Have the kernel send SIGTERM (a cancel) when the server that started this build ends,
    however it ends (Linux; elsewhere the server's own stop cancels its builds); a server
    already gone cancels at once."""
    parent = os.environ.get(PARENT_VARIABLE, "")
    if not parent.isdigit():
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))
    except (OSError, AttributeError):
        pass  # not Linux
    if os.getppid() != int(parent):
        cancel.set()


def build_pyramid(
    filename: str,
    dataset_path: str,
    cache: PyramidCache,
    *,
    min_side: int = MIN_SIDE,
    cancel: threading.Event | None = None,
) -> int:
    """Build and publish the pyramid (see the module's docstring for the status)."""
    identity = Identity.of(filename, dataset_path)
    with h5py.File(identity.file, "r", locking=False) as h5file:
        dataset = h5file[dataset_path]
        if not isinstance(dataset, h5py.Dataset) or dataset.ndim != 3:
            print(f"{dataset_path} is not a 3-D dataset", file=sys.stderr)
            return FAILED
        shape = (int(dataset.shape[0]), int(dataset.shape[1]), int(dataset.shape[2]))
        needed = pyramid_bytes(shape, dataset.dtype.itemsize, min_side)
        try:
            partial = cache.make_room(identity, needed)
        except CacheUnavailable as error:
            print(error, file=sys.stderr)
            return REFUSED
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            write_json(partial / PROGRESS, {"done": done, "total": total,
                                            "seconds": time.monotonic() - started})  # fmt: skip

        progress(0, shape[0])
        try:
            manifest = build(dataset, partial, min_side=min_side, cancel=cancel, progress=progress)
        except Cancelled:
            cache.remove(partial)
            return CANCELLED
        except BaseException:
            cache.remove(partial)
            raise
    if Identity.of(filename, dataset_path) != identity:
        cache.remove(partial)
        print("the file changed while its pyramid was built", file=sys.stderr)
        return CHANGED
    manifest["seconds"] = time.monotonic() - started
    cache.publish(identity, partial, manifest)
    return BUILT


def pyramid_state(
    locator: Locator, h5file: h5py.File, path: str | None, root: str, max_bytes: int
) -> dict[str, Any]:
    """What the cache holds of the volume's pyramid (the ``pyramid`` endpoint's work): ready
    with its size and build time, or none with the progress of a partial build."""
    found = locator.find(h5file, path)
    dataset = found.entity
    if not isinstance(dataset, h5py.Dataset):
        raise UsageError(f"{found.path} is not a dataset")
    check_volume(dataset, found.path)
    shape = (int(dataset.shape[0]), int(dataset.shape[1]), int(dataset.shape[2]))
    identity = Identity.of(h5file.filename, found.path)
    cache = PyramidCache(Path(root), max_bytes)
    state: dict[str, Any] = {
        "key": identity.folder_name(),
        "dataset": found.path,
        "bytes": pyramid_bytes(shape, dataset.dtype.itemsize),
        "levels": len(level_shapes(shape)),
        "state": "none",
    }
    manifest = cache.lookup(identity)
    if manifest is not None:
        return state | {"state": "ready", "seconds": manifest.get("seconds")}
    progress = read_json(cache.partial(identity) / PROGRESS)
    if progress is not None:
        state |= {"done": progress.get("done"), "total": progress.get("total")}
    return state


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 4 or not args[3].isdigit():
        print(
            "usage: python -m nxviz.volumes.build FILE DATASET CACHE_DIR MAX_BYTES", file=sys.stderr
        )
        return FAILED
    cancel = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: cancel.set())
    follow_parent(cancel)
    cache = PyramidCache(Path(args[2]), int(args[3]))
    try:
        return build_pyramid(args[0], args[1], cache, cancel=cancel)
    except (OSError, KeyError, ValueError) as error:
        print(f"the pyramid could not be built: {type(error).__name__}", file=sys.stderr)
        return FAILED


if __name__ == "__main__":
    raise SystemExit(main())
