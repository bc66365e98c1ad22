"""The command-line shape ``nxviz validate`` and ``nxviz fair`` share: the batch options and
their checks, the progress bar, the files run here or on dask, the failed files on stderr, the
output printed with a closed pipe tolerated, and the exit code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, TextIO, TypeVar

from nxviz.validation.batch import TIMEOUT, Progress, find_files, soft_budget

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

Opts = TypeVar("Opts")


class Outcome(Protocol):
    """What both commands' outcomes have: the file, and why it has no report."""

    @property
    def file(self) -> str: ...
    @property
    def report(self) -> Any: ...
    @property
    def error(self) -> str: ...
    @property
    def error_code(self) -> str: ...


Out = TypeVar("Out", bound=Outcome)


def add_paths(parser: Any) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a file or a folder")
    parser.add_argument(
        "--definitions",
        metavar="DIR",
        action="append",
        default=[],
        help="a folder of NXDL files searched first (repeatable)",
    )


def add_batch(parser: Any, verbose: str) -> None:
    """``--format``, ``--jobs``, ``--scheduler``, ``--verbose`` (``verbose``: what it adds)."""
    parser.add_argument("--format", choices=("text", "json", "junit"), default="text")
    parser.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="processes")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="a dask scheduler, tcp://HOST:PORT")
    parser.add_argument("--verbose", "-v", action="store_true", help=verbose)


def add_timeout(parser: Any) -> None:
    """``--timeout SECONDS``: the bound on one file's check."""
    parser.add_argument(
        "--timeout",
        type=float,
        default=TIMEOUT,
        metavar="SECONDS",
        help=f"each file is checked in its own process, stopped after SECONDS (default "
        f"{TIMEOUT:g}; 0: no bound); such a file is reported as not checked (exit 2) and the "
        "others go on. The walk of a file stops by itself at 4/5 of SECONDS and reports what it "
        "found with a limit_reached finding",
    )


def usage_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the options both commands have, or None."""
    for folder in args.definitions:
        if not Path(folder).is_dir():
            return f"--definitions {folder}: not a folder"
    if args.jobs < 1:
        return "--jobs must be at least 1"
    if not args.timeout >= 0:  # also refuses nan
        return "--timeout must be 0 (no bound) or more seconds"
    return None


def definition_problem(folders: Sequence[str], name: str) -> str | None:
    """Why the definition ``name`` cannot be used (not found, or its NXDL is broken), or None."""
    from nxviz.definitions.compile import definition_set
    from nxviz.errors import DefinitionNotFoundError, NXDLSyntaxError

    try:
        definition_set([Path(p) for p in folders]).get(name)
    except (DefinitionNotFoundError, NXDLSyntaxError) as error:
        return error.message
    return None


def usage_error(command: str, problem: str) -> int:
    print(f"nxviz {command}: error: {problem}", file=sys.stderr)
    return EXIT_USAGE


class Bar:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.active = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.active or total < 2:
            return
        width = 30
        filled = width * done // total
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def run_files(
    command: str,
    args: argparse.Namespace,
    options: Callable[[float | None], Opts],
    local: Callable[[Sequence[str], Opts, int, Progress, float | None], list[Out]],
    dask: Callable[[Sequence[str], Opts, str, Progress, float | None], list[Out]],
) -> list[Out] | None:
    """The files the paths name, each checked in a bounded process here (``local``) or on the
    scheduler (``dask``), with ``options(soft budget)``; None (said on stderr) when none."""
    files = find_files(args.paths)
    if not files:
        usage_error(command, "no HDF5 files found")
        return None
    timeout = args.timeout or None
    chosen = options(soft_budget(timeout))
    bar = Bar(sys.stderr)
    if args.scheduler:
        return dask(files, chosen, args.scheduler, bar, timeout)
    return local(files, chosen, args.jobs, bar, timeout)


def reason(outcome: Outcome) -> str:
    """``FILE: why``, the file named once (errors name it by its base name, or in full)."""
    if outcome.file in outcome.error:
        return outcome.error
    why = outcome.error.removeprefix(f"{Path(outcome.file).name}: ")
    return f"{outcome.file}: {why}"


def finish(
    command: str,
    outcomes: Sequence[Out],
    write: Callable[[], None],
    passed: Callable[[Any], bool],
) -> int:
    """The files not checked on stderr, then ``write()`` (a closed pipe, e.g. ``| head``, is no
    error: the exit code still tells), then the exit code: 2 when a file was not checked, 1
    when a report does not pass, else 0."""
    for outcome in outcomes:
        if outcome.report is None:
            print(
                f"nxviz {command}: error[{outcome.error_code}]: {reason(outcome)}", file=sys.stderr
            )
    try:
        write()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    reports = [o.report for o in outcomes if o.report is not None]
    if len(reports) < len(outcomes):
        return EXIT_USAGE
    return EXIT_OK if all(passed(r) for r in reports) else EXIT_FINDINGS
