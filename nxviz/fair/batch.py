"""Many files: :func:`fair_one` per file in a local process pool, or on a dask.distributed
cluster given its address, as the validator's batch does. Outcomes come back in the order of
the paths given; progress goes through a callback, never printed here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from nxviz.definitions.compile import DefinitionSet
from nxviz.errors import NxvizError
from nxviz.fair import catalogue
from nxviz.fair.engine import PROFILE, assess, prepare, walked
from nxviz.fair.model import FairReport
from nxviz.hdf5.guard import guarded
from nxviz.validation.batch import TIMEOUT, Progress, map_dask, map_local

__all__ = ["Options", "Outcome", "fair_one", "run_local", "run_dask"]


@dataclass(frozen=True)
class Options:
    definitions: tuple[str, ...] = ()
    profile: str = PROFILE
    #: also make the SciCat record of each entry (from the same walk)
    catalogue: bool = False
    #: the walk stops after this many seconds, saying so (below the batch's kill bound)
    max_seconds: float | None = None


@dataclass(frozen=True)
class Outcome:
    """The FAIR report of one file, or why there is none (an unreadable file)."""

    file: str
    report: FairReport | None = None
    error: str = ""
    error_code: str = ""
    records: tuple[dict[str, Any], ...] = ()


@lru_cache(maxsize=8)
def _definitions(folders: tuple[str, ...], profile: str) -> DefinitionSet:
    """The definition set of a batch, made once per process rather than once per file (where
    to look is all it holds: the compiled definitions are cached per process anyway)."""
    return prepare(list(folders), profile)


def fair_one(file: str, options: Options) -> Outcome:
    """One file, never raising for a bad file: failures become the outcome's error (what HDF5
    raises on a damaged or changing file too, as the validator's batch does)."""
    try:
        return guarded(Path(file), _assessed, file, options)
    except NxvizError as error:
        return Outcome(file, error=error.message, error_code=error.code)


def _assessed(file: str, options: Options) -> Outcome:
    defs = _definitions(options.definitions, options.profile)
    with walked(file, max_seconds=options.max_seconds) as tree:
        report = assess(tree, file, defs, options.profile)
        if not options.catalogue:
            return Outcome(file, report=report)
        return Outcome(file, report=report, records=tuple(catalogue.records(tree, report, file)))


def run_local(
    files: Sequence[str],
    options: Options,
    jobs: int = 1,
    progress: Progress | None = None,
    timeout: float | None = TIMEOUT,
) -> list[Outcome]:
    """In ``jobs`` worker processes, each file bounded by ``timeout`` seconds."""
    return map_local(fair_one, files, options, jobs, progress, timeout=timeout, lost=Outcome)


def run_dask(
    files: Sequence[str],
    options: Options,
    address: str,
    progress: Progress | None = None,
    timeout: float | None = TIMEOUT,
) -> list[Outcome]:
    """The same batch on the dask.distributed scheduler at ``address`` (``tcp://host:port``);
    workers must see the files under the same paths."""
    return map_dask(fair_one, files, options, address, progress, timeout=timeout, lost=Outcome)
