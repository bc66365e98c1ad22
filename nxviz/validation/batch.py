"""Many files: a local process pool, or a dask.distributed cluster given its address.

Both run :func:`validate_one` per file and return :class:`Outcome` values in the order of the
paths given; progress is reported through a callback, never printed here. Each file is checked
in a worker process killed past ``timeout`` seconds (:mod:`nxviz.validation.killable`): a file
on which HDF5 hangs or crashes becomes an outcome with an error, and the batch goes on.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from nxviz.errors import NxvizError
from nxviz.hdf5.guard import guarded
from nxviz.validation.engine import validate
from nxviz.validation.issues import Report
from nxviz.validation.killable import call_bounded, map_bounded
from nxviz.validation.walk import MAX_SECONDS

__all__ = [
    "Outcome",
    "Options",
    "find_files",
    "validate_one",
    "run_local",
    "run_dask",
    "map_local",
    "map_dask",
]

#: Seconds one file's check may take by default before its process is killed.
TIMEOUT = 300.0

#: File name endings taken as HDF5 when a folder is walked.
SUFFIXES = (".nxs", ".nx5", ".nx", ".h5", ".hdf5", ".hdf", ".he5", ".cxi")

Progress = Callable[[int, int], None]
Opts = TypeVar("Opts")
R = TypeVar("R")


@dataclass(frozen=True)
class Options:
    definition: str | None = None
    definitions: tuple[str, ...] = ()
    verbose: bool = False
    #: external links, external storage and virtual sources are confined to this folder
    root: str | None = None
    #: the validator's own budget: its walk stops after this many seconds, saying so in the
    #: report (keep it below the batch's timeout, so a long file answers what it found)
    max_seconds: float | None = None


def soft_budget(timeout: float | None) -> float | None:
    """The validator's own time budget under a kill bound of ``timeout`` seconds: four fifths
    of it, so that a long walk stops and reports before its process is killed."""
    return None if not timeout else 0.8 * timeout


@dataclass(frozen=True)
class Outcome:
    """The report of one file, or why there is none (an unreadable file, a usage error)."""

    file: str
    report: Report | None = None
    error: str = ""
    error_code: str = ""


def find_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files as given, and the HDF5 files found (recursively, sorted) in folders."""
    found: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        else:
            found.append(os.fspath(given))
    return found


def validate_one(file: str, options: Options) -> Outcome:
    """One file, never raising for a bad file: failures become the outcome's error."""
    try:
        report = guarded(
            Path(file),
            validate,
            file,
            options.definition,
            list(options.definitions),
            verbose=options.verbose,
            confine_to=options.root,
            max_seconds=options.max_seconds or MAX_SECONDS,
        )
    except NxvizError as error:
        return Outcome(file, error=error.message, error_code=error.code)
    return Outcome(file, report=report)


def run_local(
    files: Sequence[str],
    options: Options,
    jobs: int = 1,
    progress: Progress | None = None,
    timeout: float | None = TIMEOUT,
) -> list[Outcome]:
    """In ``jobs`` worker processes, each file bounded by ``timeout`` seconds."""
    return map_local(validate_one, files, options, jobs, progress, timeout=timeout, lost=Outcome)


def run_dask(
    files: Sequence[str],
    options: Options,
    address: str,
    progress: Progress | None = None,
    timeout: float | None = TIMEOUT,
) -> list[Outcome]:
    """The same batch on the dask.distributed scheduler at ``address`` (``tcp://host:port``).
    Workers must see the files under the same paths."""
    return map_dask(validate_one, files, options, address, progress, timeout=timeout, lost=Outcome)


def map_local(
    one: Callable[[str, Opts], R],
    files: Sequence[str],
    options: Opts,
    jobs: int = 1,
    progress: Progress | None = None,
    *,
    timeout: float | None,
    lost: Callable[..., R],
) -> list[R]:
    """``one(file, options)`` for each file in up to ``jobs`` worker processes (one for one job
    or one file), each call killed past ``timeout`` seconds (None: no bound) and its file's
    result then ``lost(file, error=..., error_code=...)``; results in the order of ``files``.
    ``one`` is module-level."""
    return map_bounded(one, files, options, lost, jobs=jobs, timeout=timeout, progress=progress)


def map_dask(
    one: Callable[[str, Opts], R],
    files: Sequence[str],
    options: Opts,
    address: str,
    progress: Progress | None = None,
    *,
    timeout: float | None,
    lost: Callable[..., R],
) -> list[R]:
    """``one(file, options)`` for each file on the dask.distributed scheduler at ``address``,
    bounded there as :func:`map_local` bounds it here."""
    try:
        distributed: Any = importlib.import_module("distributed")  # untyped: used as Any
    except ImportError as error:  # pragma: no cover - dask is an optional extra
        raise NxvizError("--scheduler needs dask.distributed: pip install nxviz[dask]") from error
    bounded = partial(call_bounded, one=one, options=options, lost=lost, timeout=timeout)
    with distributed.Client(address) as client:
        futures = client.map(bounded, list(files), pure=False)
        for done, _ in enumerate(distributed.as_completed(futures), start=1):
            if progress is not None:
                progress(done, len(files))
        gathered: list[R] = client.gather(futures)
    return list(gathered)
