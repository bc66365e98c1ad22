"""``nxviz definitions``: list the NXDL application definitions nxviz can validate against."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from nxviz.definitions import catalog


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "definitions", help="list the NXDL application definitions and their version"
    )
    parser.add_argument(
        "--definitions", metavar="DIR", type=Path, help="a folder of NXDL files to list instead"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def listing(root: Path | None = None) -> dict[str, Any]:
    """The JSON-ready listing shared by this command and ``GET /nxviz/api/definitions``."""
    base = root or catalog.standard_root()
    return {
        "nxdl": catalog.nxdl_version(base),
        "source": "user" if root else "nexusformat",
        "definitions": [
            {"name": d.name, "title": d.title, "file": d.path.relative_to(base).as_posix()}
            for d in catalog.iter_definitions(base)
        ],
    }


def run(args: argparse.Namespace) -> int:
    root: Path | None = args.definitions
    if root is not None and not root.is_dir():
        print(f"nxviz: error: {root} is not a folder", file=sys.stderr)
        return 2
    data = listing(root)
    if args.format == "json":
        print(json.dumps(data, indent=2))
        return 0
    count = len(data["definitions"])
    print(f"NXDL {data['nxdl']} ({data['source']}): {count} application definitions")
    width = max((len(d["name"]) for d in data["definitions"]), default=0)
    for d in data["definitions"]:
        print(f"  {d['name']:<{width}}  {d['title']}")
    return 0
