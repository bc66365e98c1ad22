"""``nxviz fair PATH...``: the FAIR readiness of NeXus files (and folders of them).

Exit 0 when every file is FAIR-ready (every required check passes), 1 when one is not, 2 for a
usage error or a file that could not be checked (not readable HDF5, or past ``--timeout``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from nxviz.definitions.compile import definition_set
from nxviz.errors import DefinitionNotFoundError, NXDLSyntaxError
from nxviz.fair import render
from nxviz.fair.batch import Options, Outcome, run_dask, run_local
from nxviz.fair.engine import PROFILE
from nxviz.validation.batch import find_files, soft_budget
from nxviz.validation.command import add_timeout

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "fair",
        help="check NeXus files are ready to publish as FAIR open data",
        description="Score NeXus/HDF5 files (or folders of them) for FAIR readiness: what a "
        "photon and neutron data catalogue needs, what to add and where.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a file or a folder")
    parser.add_argument(
        "--definitions",
        metavar="DIR",
        action="append",
        default=[],
        help="a folder of NXDL files searched first (repeatable)",
    )
    parser.add_argument("--profile", default=PROFILE, metavar="NAME", help="the profile NXDL")
    parser.add_argument("--format", choices=("text", "json", "junit"), default="text")
    parser.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="processes")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="a dask scheduler, tcp://HOST:PORT")
    parser.add_argument("--verbose", "-v", action="store_true", help="also the checks passed")
    parser.add_argument(
        "--catalogue", metavar="FILE", help="write the SciCat record of each entry (JSON lines)"
    )
    parser.add_argument("--html", metavar="FILE", help="write an HTML report")
    add_timeout(parser)
    parser.set_defaults(func=run)


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
    for option in ("catalogue", "html"):
        target = getattr(args, option)
        if target is not None and not Path(target).resolve().parent.is_dir():
            return f"--{option} {target}: its folder does not exist"
    try:
        definition_set([Path(p) for p in args.definitions]).get(args.profile)
    except (DefinitionNotFoundError, NXDLSyntaxError) as error:
        return error.message
    return None


def run(args: argparse.Namespace) -> int:
    problem = _check_usage(args)
    if problem is not None:
        print(f"nxviz fair: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    files = find_files(args.paths)
    if not files:
        print("nxviz fair: error: no HDF5 files found", file=sys.stderr)
        return EXIT_USAGE
    timeout = args.timeout or None
    options = Options(
        tuple(args.definitions), args.profile, args.catalogue is not None, soft_budget(timeout)
    )
    bar = _Bar(sys.stderr)
    if args.scheduler:
        outcomes = run_dask(files, options, args.scheduler, bar, timeout)
    else:
        outcomes = run_local(files, options, args.jobs, bar, timeout)
    write_outputs(outcomes, args.catalogue, args.html)
    return report(outcomes, args.format, args.verbose)


def write_outputs(outcomes: list[Outcome], catalogue: str | None, html: str | None) -> None:
    """The catalogue records (one JSON object a line) and the HTML report, when asked."""
    reports = [o.report for o in outcomes if o.report is not None]
    if catalogue is not None:
        with open(catalogue, "w", encoding="utf-8") as stream:
            for outcome in outcomes:
                for record in outcome.records:
                    stream.write(json.dumps(record, sort_keys=True) + "\n")
    if html is not None:
        from nxviz.fair.html import page

        Path(html).write_text(page(reports, len(outcomes) - len(reports)), encoding="utf-8")


def report(outcomes: list[Outcome], fmt: str, verbose: bool, out: TextIO | None = None) -> int:
    """Print the reports (unreadable files to stderr) and return the exit code."""
    try:
        _print(outcomes, fmt, verbose, out or sys.stdout)
    except BrokenPipeError:  # e.g. piped into head: the exit code still tells the result
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    reports = [o.report for o in outcomes if o.report is not None]
    if len(reports) < len(outcomes):
        return EXIT_USAGE
    return EXIT_OK if all(r.ready for r in reports) else EXIT_FINDINGS


def _reason(outcome: Outcome) -> str:
    """``FILE: why``, the file named once (errors name it by its base name, or in full)."""
    if outcome.file in outcome.error:
        return outcome.error
    why = outcome.error.removeprefix(f"{Path(outcome.file).name}: ")
    return f"{outcome.file}: {why}"


def _print(outcomes: list[Outcome], fmt: str, verbose: bool, stream: TextIO) -> None:
    reports = [o.report for o in outcomes if o.report is not None]
    unreadable = len(outcomes) - len(reports)
    for outcome in outcomes:
        if outcome.report is None:
            print(f"nxviz fair: error[{outcome.error_code}]: {_reason(outcome)}", file=sys.stderr)
    if fmt == "json":
        print(json.dumps(render.contract(reports, unreadable), indent=2), file=stream)
    elif fmt == "junit":
        print(render.junit(reports), file=stream)
    else:
        if reports:
            print(render.text(reports, verbose), file=stream)
        if len(outcomes) > 1:
            print(render.summary_text(reports, unreadable), file=stream)
