"""``nxviz fair PATH...``: the FAIR readiness of NeXus files (and folders of them).

Exit 0 when every file is FAIR-ready (every required check passes), 1 when one is not, 2 for a
usage error or a file that could not be checked (not readable HDF5, or past ``--timeout``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from nxviz.fair import render
from nxviz.fair.batch import Options, Outcome, run_dask, run_local
from nxviz.fair.engine import PROFILE
from nxviz.validation import batchcli


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "fair",
        help="check NeXus files are ready to publish as FAIR open data",
        description="Score NeXus/HDF5 files (or folders of them) for FAIR readiness: what a "
        "photon and neutron data catalogue needs, what to add and where.",
    )
    batchcli.add_paths(parser)
    parser.add_argument("--profile", default=PROFILE, metavar="NAME", help="the profile NXDL")
    batchcli.add_batch(parser, "also the checks passed")
    parser.add_argument(
        "--catalogue", metavar="FILE", help="write the SciCat record of each entry (JSON lines)"
    )
    parser.add_argument("--html", metavar="FILE", help="write an HTML report")
    batchcli.add_timeout(parser)
    parser.set_defaults(func=run)


def _check_usage(args: argparse.Namespace) -> str | None:
    problem = batchcli.usage_problem(args)
    if problem is not None:
        return problem
    for option in ("catalogue", "html"):
        target = getattr(args, option)
        if target is not None and not Path(target).resolve().parent.is_dir():
            return f"--{option} {target}: its folder does not exist"
    return batchcli.definition_problem(args.definitions, args.profile)


def run(args: argparse.Namespace) -> int:
    problem = _check_usage(args)
    if problem is not None:
        return batchcli.usage_error("fair", problem)

    def options(budget: float | None) -> Options:
        return Options(tuple(args.definitions), args.profile, args.catalogue is not None, budget)

    outcomes = batchcli.run_files("fair", args, options, run_local, run_dask)
    if outcomes is None:
        return batchcli.EXIT_USAGE
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

    def write() -> None:
        _print(outcomes, fmt, verbose, out or sys.stdout)

    return batchcli.finish("fair", outcomes, write, lambda report: bool(report.ready))


def _print(outcomes: list[Outcome], fmt: str, verbose: bool, stream: TextIO) -> None:
    reports = [o.report for o in outcomes if o.report is not None]
    unreadable = len(outcomes) - len(reports)
    if fmt == "json":
        print(json.dumps(render.contract(reports, unreadable), indent=2), file=stream)
    elif fmt == "junit":
        print(render.junit(reports), file=stream)
    else:
        if reports:
            print(render.text(reports, verbose), file=stream)
        if len(outcomes) > 1:
            print(render.summary_text(reports, unreadable), file=stream)
