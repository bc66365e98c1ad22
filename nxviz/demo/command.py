"""``nxviz demo [DIR] [--port N] [--no-browser] [--force] [--lab-arg=ARG ...]``."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from nxviz.demo import write_demo
from nxviz.demo.launch import demo_settings, lab_command, launch

DEFAULT_DIR = Path("nxviz-demo")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="write the demo data set into DIR and open it in JupyterLab",
        description="Write realistic demo NeXus files into DIR and start JupyterLab there.",
    )
    parser.add_argument(
        "directory",
        metavar="DIR",
        nargs="?",
        type=Path,
        default=DEFAULT_DIR,
        help="the folder to write into (default: ./nxviz-demo)",
    )
    parser.add_argument("--port", type=int, metavar="N", help="the port JupyterLab listens on")
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    parser.add_argument(
        "--force", action="store_true", help="write into a non-empty folder that is not the demo's"
    )
    parser.add_argument(
        "--lab-arg",
        dest="lab_args",
        action="append",
        default=[],
        metavar="ARG",
        help="pass ARG to JupyterLab, e.g. --lab-arg=--IdentityProvider.token=secret (repeatable)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    directory: Path = args.directory
    start = time.perf_counter()
    written = write_demo(directory, force=args.force)
    elapsed = time.perf_counter() - start
    size = sum(path.stat().st_size for path in written)
    print(f"nxviz demo: wrote {len(written)} files ({size / 1e6:.0f} MB) into {directory}")
    for path in written:
        print(f"  {path.name}")
    print(f"in {elapsed:.1f} s; starting JupyterLab (Ctrl-C to stop)", flush=True)
    command = lab_command(
        directory,
        port=args.port,
        open_browser=not args.no_browser,
        extra=args.lab_args,
        settings_dir=demo_settings(directory),
    )
    return launch(command, directory)
