"""Many files: a local process pool, or a dask.distributed cluster given its address.

Both run :func:`validate_one` per file and return :class:`Outcome` values in the order of the
paths given; progress is reported through a callback, never printed here.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from nxviz.errors import NxvizError
from nxviz.hdf5.guard import guarded
from nxviz.validation.engine import validate
from nxviz.validation.issues import Report

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
        )
    except NxvizError as error:
        return Outcome(file, error=error.message, error_code=error.code)
    return Outcome(file, report=report)


def run_local(
    files: Sequence[str], options: Options, jobs: int = 1, progress: Progress | None = None
) -> list[Outcome]:
    """In this process for one job (or one file), else in a pool of ``jobs`` processes."""
    return map_local(validate_one, files, options, jobs, progress)


def run_dask(
    files: Sequence[str], options: Options, address: str, progress: Progress | None = None
) -> list[Outcome]:
    """The same batch on the dask.distributed scheduler at ``address`` (``tcp://host:port``).
    Workers must see the files under the same paths."""
    return map_dask(validate_one, files, options, address, progress)


def map_local(
    one: Callable[[str, Opts], R],
    files: Sequence[str],
    options: Opts,
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[R]:
    """``one(file, options)`` for each file, in this process for one job (or one file), else in
    a pool of ``jobs`` processes; results in the order of ``files``. ``one`` is module-level."""
    results: dict[int, R] = {}
    if jobs <= 1 or len(files) <= 1:
        for index, file in enumerate(files):
            results[index] = one(file, options)
            if progress is not None:
                progress(index + 1, len(files))
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = {pool.submit(one, f, options): i for i, f in enumerate(files)}
            for done, future in enumerate(as_completed(futures), start=1):
                results[futures[future]] = future.result()
                if progress is not None:
                    progress(done, len(files))
    return [results[i] for i in range(len(files))]


def map_dask(
    one: Callable[[str, Opts], R],
    files: Sequence[str],
    options: Opts,
    address: str,
    progress: Progress | None = None,
) -> list[R]:
    """``one(file, options)`` for each file on the dask.distributed scheduler at ``address``."""
    try:
        distributed: Any = importlib.import_module("distributed")  # untyped: used as Any
    except ImportError as error:  # pragma: no cover - dask is an optional extra
        raise NxvizError("--scheduler needs dask.distributed: pip install nxviz[dask]") from error
    with distributed.Client(address) as client:
        futures = client.map(one, list(files), options=options, pure=False)
        for done, _ in enumerate(distributed.as_completed(futures), start=1):
            if progress is not None:
                progress(done, len(files))
        gathered: list[R] = client.gather(futures)
    return list(gathered)
