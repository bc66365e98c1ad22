"""The server extension's configuration (traitlets) and the objects it shares with handlers."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from traitlets import Bool, Float, Int
from traitlets.config import Configurable

from nxviz.hdf5.limits import Limits, MiB
from nxviz.server.heap import Settler
from nxviz.server.worker import Settings, server_place
from nxviz.server.workers import WorkerPool

GiB = 1 << 30
HEAVY_BYTES = 64 * MiB


def _default_workers() -> int:
    return max(2, min(8, os.cpu_count() or 2))


def _physical_memory() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


class NxvizService(Configurable):
    """Settings under ``c.NxvizService`` plus the worker pool; one per server, in
    web_app.settings."""

    max_bytes = Int(256 * MiB, config=True, help="Largest body the data endpoint sends, in bytes.")
    max_open_files = Int(32, config=True, help="Open HDF5 files each worker process keeps.")
    workers = Int(
        _default_workers(),
        config=True,
        help="Worker processes that do the HDF5 work (default: the cores, 2 to 8).",
    )
    request_timeout = Float(
        60.0,
        config=True,
        help="Seconds one request may run; past it its worker process is killed and replaced, "
        "the request answers 504, and its file answers 422 until it changes.",
    )
    validate_seconds = Float(
        40.0,
        config=True,
        help="Seconds one validation (the validate endpoint) may run before it stops and "
        "answers what it found, with a limit_reached finding saying so; kept at most 3/4 of "
        "request_timeout so that a long validation answers before its worker is killed. The "
        "fair endpoint answers 413 past it (a partial score would mislead).",
    )
    max_request_memory = Int(
        GiB,
        config=True,
        help="Bytes one request may hold in memory at once (decoded chunks, values, body); "
        "estimated before reading, 413 above it.",
    )
    max_request_decode = Int(
        16 * GiB,
        config=True,
        help="Bytes one request may read and decompress in all (e.g. combined frames, streamed, "
        "so memory stays bounded by max_request_memory); 413 above it. The default lets 100 "
        "frames of an Eiger2 16M (7 GiB) be summed and refuses 1,000 frames of 100 MB.",
    )
    max_json_bytes = Int(
        16 * MiB,
        config=True,
        help="Largest JSON answer carrying values (data as json, attr), in bytes; 413 above it.",
    )
    memory_budget = Int(
        0,
        config=True,
        help="Bytes all large requests together may hold; a request that does not fit waits "
        "for others to finish. 0: a quarter of the machine's memory, 1 to 4 GiB.",
    )
    worker_niceness = Int(
        10,
        config=True,
        help="Added to the worker processes' nice value so the Jupyter process, whose event "
        "loop answers every request, gets the CPU first when frames are being decoded (on "
        "Linux the workers also take the batch scheduling policy: their threads never preempt "
        "the event loop when they wake up).",
    )
    settle_heap_after = Float(
        5.0,
        config=True,
        help="Seconds after the server starts (and again after nxviz's first request) when the "
        "objects alive in the Jupyter process are set aside from the garbage collector's full "
        "passes (gc.freeze), each of which would otherwise hold the event loop (~170 ms of CPU "
        "with JupyterLab, measured on a loaded 2-core machine); negative: never.",
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
        self.pool = WorkerPool(
            self.workers,
            timeout=self.request_timeout,
            budget=self.budget(),
            niceness=self.worker_niceness,
        )
        #: files that made a request run past the time bound: path -> (mtime_ns, size)
        self.unresponsive: dict[Path, tuple[int, int]] = {}
        self._settings: Settings | None = None
        #: set aside the process's long-lived objects (see nxviz.server.heap); set by app.setup
        self.settler: Settler | None = None

    @property
    def skipped(self) -> int:
        """Requests whose client had gone before a worker took them (their work was skipped)."""
        return self.pool.counters.skipped

    def check_seconds(self) -> float:
        """What one validation or FAIR check may take: ``validate_seconds``, below the kill
        bound."""
        return max(0.0, min(self.validate_seconds, 0.75 * self.request_timeout))

    def budget(self) -> int:
        if self.memory_budget > 0:
            return max(self.memory_budget, self.max_request_memory)
        memory = _physical_memory() or 4 * GiB
        return max(self.max_request_memory, min(4 * GiB, max(GiB, memory // 4)))

    def settings(self) -> Settings:
        """What the worker processes need of this configuration (sent with every task)."""
        if self._settings is None:
            self._settings = Settings(
                root_dir=self.root_dir,
                allow_hidden=self.allow_hidden,
                allow_outside_root=self.allow_external_outside_root,
                max_open_files=self.max_open_files,
                limits=Limits(
                    max_memory=self.max_request_memory,
                    max_decode=self.max_request_decode,
                    max_json=self.max_json_bytes,
                    heavy_bytes=min(HEAVY_BYTES, self.max_request_memory // 4),
                ),
            )
        return replace(self._settings, **server_place())

    def close(self) -> None:
        self.pool.close()
