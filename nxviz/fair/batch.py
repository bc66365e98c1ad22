"""Many files: :func:`fair_one` per file in a local process pool, or on a dask.distributed
cluster given its address, as the validator's batch does. Outcomes come back in the order of
the paths given; progress goes through a callback, never printed here."""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from nxviz.errors import NxvizError
from nxviz.fair import catalogue
from nxviz.fair.engine import PROFILE, assess, prepare, walked
from nxviz.fair.model import FairReport

__all__ = ["Options", "Outcome", "fair_one", "run_local", "run_dask"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Options:
    definitions: tuple[str, ...] = ()
    profile: str = PROFILE
    #: also make the SciCat record of each entry (from the same walk)
    catalogue: bool = False


@dataclass(frozen=True)
class Outcome:
    """The FAIR report of one file, or why there is none (an unreadable file)."""

    file: str
    report: FairReport | None = None
    error: str = ""
    error_code: str = ""
    records: tuple[dict[str, Any], ...] = ()


def fair_one(file: str, options: Options) -> Outcome:
    """One file, never raising for a bad file: failures become the outcome's error."""
    try:
        defs = prepare(list(options.definitions), options.profile)
        with walked(file) as tree:
            report = assess(tree, file, defs, options.profile)
            if not options.catalogue:
                return Outcome(file, report=report)
            records = tuple(catalogue.records(tree, report, file))
    except NxvizError as error:
        return Outcome(file, error=error.message, error_code=error.code)
    return Outcome(file, report=report, records=records)


def run_local(
    files: Sequence[str], options: Options, jobs: int = 1, progress: Progress | None = None
) -> list[Outcome]:
    """In this process for one job (or one file), else in a pool of ``jobs`` processes."""
    results: dict[int, Outcome] = {}
    if jobs <= 1 or len(files) <= 1:
        for index, file in enumerate(files):
            results[index] = fair_one(file, options)
            if progress is not None:
                progress(index + 1, len(files))
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = {pool.submit(fair_one, f, options): i for i, f in enumerate(files)}
            for done, future in enumerate(as_completed(futures), start=1):
                results[futures[future]] = future.result()
                if progress is not None:
                    progress(done, len(files))
    return [results[i] for i in range(len(files))]


def run_dask(
    files: Sequence[str], options: Options, address: str, progress: Progress | None = None
) -> list[Outcome]:
    """The same batch on the dask.distributed scheduler at ``address`` (``tcp://host:port``);
    workers must see the files under the same paths."""
    try:
        distributed: Any = importlib.import_module("distributed")  # untyped: used as Any
    except ImportError as error:  # pragma: no cover - dask is an optional extra
        raise NxvizError("--scheduler needs dask.distributed: pip install nxviz[dask]") from error
    with distributed.Client(address) as client:
        futures = client.map(fair_one, list(files), options=options, pure=False)
        for done, _ in enumerate(distributed.as_completed(futures), start=1):
            if progress is not None:
                progress(done, len(files))
        gathered: list[Outcome] = client.gather(futures)
    return list(gathered)
