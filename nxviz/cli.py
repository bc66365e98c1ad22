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

#: Each sub-command and the module that registers it, in the order ``--help`` lists them.
COMMANDS = {
    "validate": "nxviz.validation.command",
    "fair": "nxviz.fair.command",
    "definitions": "nxviz.definitions.command",
    "demo": "nxviz.demo.command",
    "render": "nxviz.notebook.command",
}
COMMAND_MODULES = tuple(COMMANDS.values())
#: Sub-commands that do no linear algebra: in a fresh process they start numpy's BLAS with one
#: thread, not one per core (starting those threads costs ~40 ms of CPU at numpy's import).
SINGLE_THREADED_BLAS = frozenset({"validate"})

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The ``nxviz`` parser; when ``argv`` names a sub-command, only that command's module is
    imported (``nxviz validate`` does not pay for the demo's or the notebook's imports)."""
    parser = argparse.ArgumentParser(
        prog="nxviz",
        description="NeXus/HDF5 validation and visualisation for JupyterLab.",
    )
    parser.add_argument("--version", action="version", version=f"nxviz {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    first = next((a for a in (argv or ()) if not a.startswith("-")), None)
    if first in SINGLE_THREADED_BLAS and "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    wanted = [COMMANDS[first]] if first in COMMANDS else COMMAND_MODULES
    for name in wanted:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
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
