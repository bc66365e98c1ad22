"""The server extension's configuration (traitlets) and the objects it shares with handlers."""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from traitlets import Bool, Int
from traitlets.config import Configurable

from nxviz.hdf5.open import FileCache


class NxvizService(Configurable):
    """Settings under ``c.NxvizService`` plus the executor; one per server, in web_app.settings."""

    max_bytes = Int(
        256 * 1024 * 1024, config=True, help="Largest body the data endpoint sends, in bytes."
    )
    max_open_files = Int(32, config=True, help="Open HDF5 files kept in the cache.")
    workers = Int(4, config=True, help="Threads that do HDF5 work off the event loop.")
    worker_niceness = Int(
        10,
        config=True,
        help="Added to the worker threads' nice value (Linux) so the event loop, which answers "
        "every Jupyter request, gets the CPU first when frames are being decoded.",
    )
    allow_external_outside_root = Bool(
        False,
        config=True,
        help="Let HDF5 read files outside the root directory on a file's behalf: external "
        "links' targets, external raw storage and virtual datasets' sources. Off: each is "
        "found where HDF5 would look (HDF5_EXT_PREFIX / HDF5_VDS_PREFIX / HDF5_EXTFILE_PREFIX, "
        "the file's folder, the server's working directory) and refused (403) outside the root.",
    )

    def __init__(self, root_dir: Path, allow_hidden: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.root_dir = root_dir.resolve()
        self.allow_hidden = allow_hidden
        self.executor = ThreadPoolExecutor(
            max_workers=self.workers,
            thread_name_prefix="nxviz",
            initializer=_lower_priority,
            initargs=(self.worker_niceness,),
        )
        #: open HDF5 files shared by the handlers, keyed by path and mtime
        self.files = FileCache(self.max_open_files)
        #: requests whose client had gone before a worker took them (their work was skipped)
        self.skipped = 0

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.files.close()


def _lower_priority(niceness: int) -> None:
    """Renice the calling worker thread only: on Linux a thread id names one thread."""
    if niceness <= 0 or not sys.platform.startswith("linux"):
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + niceness)
    except OSError:
        pass  # not allowed here (some containers): the threads keep the normal priority
