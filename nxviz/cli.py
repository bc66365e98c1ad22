"""The ``nxviz`` command. Each sub-command lives beside the code it drives, in a module that
exposes ``register(subparsers)``; the parser it adds sets ``func(args) -> int`` as default.

Exit codes: 0 success (valid), 1 findings of error severity, 2 usage error or a file that could
not be checked (unreadable, or stopped at its ``--timeout``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from nxviz import __version__
from nxviz.errors import NxvizError

#: Modules that contribute sub-commands, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "nxviz.validation.command",
    "nxviz.fair.command",
    "nxviz.definitions.command",
    "nxviz.demo.command",
    "nxviz.notebook.command",
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nxviz",
        description="NeXus/HDF5 validation and visualisation for JupyterLab.",
    )
    parser.add_argument("--version", action="version", version=f"nxviz {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(func(args))
    except NxvizError as error:
        print(f"nxviz: error: {error.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `nxviz definitions | head`: the reader has gone
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
