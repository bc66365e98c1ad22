"""``nxviz validate PATH...``: validate NeXus files against their application definitions.

Exit 0 when no file has an error finding, 1 when one has, 2 for a usage error or a file that
could not be checked (not readable HDF5, or its check ran past ``--timeout`` and was stopped).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from nxviz.validation import batchcli, render
from nxviz.validation.batch import Options, Outcome, run_dask, run_local


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="validate NeXus files against their NXDL application definitions",
        description="Validate NeXus/HDF5 files (or folders of them) against NXDL definitions.",
    )
    batchcli.add_paths(parser)
    parser.add_argument("--definition", metavar="NAME", help="validate every entry against NAME")
    parser.add_argument(
        "--root",
        metavar="DIR",
        help="read no file outside DIR on a file's behalf: external links, external storage and "
        "virtual dataset sources found outside it (where HDF5 looks: the prefix variables, the "
        "file's folder, the working directory) are reported, not read. Without it, HDF5 reads "
        "them wherever it finds them, as h5py would",
    )
    batchcli.add_batch(parser, "also info findings")
    batchcli.add_timeout(parser)
    parser.set_defaults(func=run)


def _check_usage(args: argparse.Namespace) -> str | None:
    problem = batchcli.usage_problem(args)
    if problem is not None:
        return problem
    if args.root is not None and not Path(args.root).is_dir():
        return f"--root {args.root}: not a folder"
    if args.definition is not None:
        return batchcli.definition_problem(args.definitions, args.definition)
    return None


def run(args: argparse.Namespace) -> int:
    problem = _check_usage(args)
    if problem is not None:
        return batchcli.usage_error("validate", problem)

    def options(budget: float | None) -> Options:
        return Options(args.definition, tuple(args.definitions), args.verbose, args.root, budget)

    start = time.perf_counter()
    outcomes = batchcli.run_files("validate", args, options, run_local, run_dask)
    if outcomes is None:
        return batchcli.EXIT_USAGE
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

    def write() -> None:
        _print(outcomes, fmt, verbose, out or sys.stdout, elapsed)

    return batchcli.finish("validate", outcomes, write, lambda report: bool(report.ok))


def _print(
    outcomes: list[Outcome], fmt: str, verbose: bool, stream: TextIO, elapsed: float | None
) -> None:
    reports = [o.report for o in outcomes if o.report is not None]
    if fmt == "json":
        print(json.dumps(render.contract(reports), indent=2), file=stream)
    elif fmt == "junit":
        print(render.junit(reports), file=stream)
    else:
        if reports:
            print(render.text(reports, verbose), file=stream)
        if len(outcomes) > 1:
            invalid = sum(1 for r in reports if not r.ok)
            failed = len(outcomes) - len(reports)
            rate = ""
            if elapsed is not None and elapsed > 0:
                rate = f" in {elapsed:.1f} s ({len(outcomes) / elapsed:.0f} files/s)"
            print(
                f"{len(outcomes)} files: {len(reports) - invalid} valid, {invalid} invalid, "
                f"{failed} not checked{rate}",
                file=stream,
            )
