"""``nxviz validate PATH...``: validate NeXus files against their application definitions.

Exit 0 when no file has an error finding, 1 when one has, 2 for a usage error or a file that
could not be checked (not readable HDF5, or its check ran past ``--timeout`` and was stopped).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from nxviz.definitions.compile import definition_set
from nxviz.errors import DefinitionNotFoundError, NXDLSyntaxError
from nxviz.validation import render
from nxviz.validation.batch import (
    TIMEOUT,
    Options,
    Outcome,
    find_files,
    run_dask,
    run_local,
    soft_budget,
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="validate NeXus files against their NXDL application definitions",
        description="Validate NeXus/HDF5 files (or folders of them) against NXDL definitions.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a file or a folder")
    parser.add_argument("--definition", metavar="NAME", help="validate every entry against NAME")
    parser.add_argument(
        "--definitions",
        metavar="DIR",
        action="append",
        default=[],
        help="a folder of NXDL files searched first (repeatable)",
    )
    parser.add_argument(
        "--root",
        metavar="DIR",
        help="read no file outside DIR on a file's behalf: external links, external storage and "
        "virtual dataset sources found outside it (where HDF5 looks: the prefix variables, the "
        "file's folder, the working directory) are reported, not read. Without it, HDF5 reads "
        "them wherever it finds them, as h5py would",
    )
    parser.add_argument("--format", choices=("text", "json", "junit"), default="text")
    parser.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="processes")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="a dask scheduler, tcp://HOST:PORT")
    parser.add_argument("--verbose", "-v", action="store_true", help="also info findings")
    add_timeout(parser)
    parser.set_defaults(func=run)


def add_timeout(parser: Any) -> None:
    """``--timeout SECONDS``: the bound on one file's check (shared with ``nxviz fair``)."""
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


class _Bar:
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


def _check_usage(args: argparse.Namespace) -> str | None:
    for folder in args.definitions:
        if not Path(folder).is_dir():
            return f"--definitions {folder}: not a folder"
    if args.jobs < 1:
        return "--jobs must be at least 1"
    if not args.timeout >= 0:  # also refuses nan
        return "--timeout must be 0 (no bound) or more seconds"
    if args.root is not None and not Path(args.root).is_dir():
        return f"--root {args.root}: not a folder"
    if args.definition is not None:
        try:
            definition_set([Path(p) for p in args.definitions]).get(args.definition)
        except (DefinitionNotFoundError, NXDLSyntaxError) as error:
            return error.message
    return None


def run(args: argparse.Namespace) -> int:
    problem = _check_usage(args)
    if problem is not None:
        print(f"nxviz validate: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    files = find_files(args.paths)
    if not files:
        print("nxviz validate: error: no HDF5 files found", file=sys.stderr)
        return EXIT_USAGE
    timeout = args.timeout or None
    options = Options(
        args.definition, tuple(args.definitions), args.verbose, args.root, soft_budget(timeout)
    )
    bar = _Bar(sys.stderr)
    start = time.perf_counter()
    if args.scheduler:
        outcomes = run_dask(files, options, args.scheduler, bar, timeout)
    else:
        outcomes = run_local(files, options, args.jobs, bar, timeout)
    return report(outcomes, args.format, args.verbose, elapsed=time.perf_counter() - start)


def report(
    outcomes: list[Outcome],
    fmt: str,
    verbose: bool,
    out: TextIO | None = None,
    elapsed: float | None = None,
) -> int:
    """Print the reports (unreadable files to stderr) and return the exit code; with
    ``elapsed`` (seconds), the summary line of several files says how many per second."""
    try:
        _print(outcomes, fmt, verbose, out or sys.stdout, elapsed)
    except BrokenPipeError:  # e.g. piped into head: the exit code still tells the result
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    reports = [o.report for o in outcomes if o.report is not None]
    if len(reports) < len(outcomes):
        return EXIT_USAGE
    return EXIT_OK if all(r.ok for r in reports) else EXIT_FINDINGS


def _print(
    outcomes: list[Outcome], fmt: str, verbose: bool, stream: TextIO, elapsed: float | None
) -> None:
    reports = [o.report for o in outcomes if o.report is not None]
    failed = [o for o in outcomes if o.report is None]
    for outcome in failed:
        message = (
            outcome.error if outcome.file in outcome.error else f"{outcome.file}: {outcome.error}"
        )
        print(f"nxviz validate: error[{outcome.error_code}]: {message}", file=sys.stderr)
    if fmt == "json":
        print(json.dumps(render.contract(reports), indent=2), file=stream)
    elif fmt == "junit":
        print(render.junit(reports), file=stream)
    else:
        if reports:
            print(render.text(reports, verbose), file=stream)
        if len(outcomes) > 1:
            invalid = sum(1 for r in reports if not r.ok)
            rate = ""
            if elapsed is not None and elapsed > 0:
                rate = f" in {elapsed:.1f} s ({len(outcomes) / elapsed:.0f} files/s)"
            print(
                f"{len(outcomes)} files: {len(reports) - invalid} valid, {invalid} invalid, "
                f"{len(failed)} not checked{rate}",
                file=stream,
            )
