"""``nxviz render FILE [--entity PATH] -o OUT.png|svg|pdf [--width PX --height PX]``.

Draws what :func:`nxviz.plot` draws (the file's default plot, or ``--entity``) into a picture
of exactly ``--width`` × ``--height`` pixels (at 100 dpi for SVG and PDF). Exit 0 when written,
2 with a one-line reason on bad input (missing, unreadable or non-HDF5 file, nothing to plot,
bad option, unwritable output).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from nxviz.errors import NxvizError, UsageError

EXIT_OK, EXIT_USAGE = 0, 2
FORMATS = ("png", "svg", "pdf")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "render",
        help="draw a file's default plot (or an entity) into a PNG, SVG or PDF",
        description="Draw the NXdata default plot of FILE, as nxviz.plot does, into a picture.",
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="the HDF5/NeXus file")
    parser.add_argument(
        "--entity", metavar="PATH", help="an NXdata group, entry or field (default: @default)"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        type=Path,
        required=True,
        help="the picture to write; its suffix (.png, .svg, .pdf) chooses the format",
    )
    parser.add_argument("--width", metavar="PX", type=int, default=800, help="default 800")
    parser.add_argument("--height", metavar="PX", type=int, default=600, help="default 600")
    parser.add_argument("--frame", metavar="N", type=int, default=0, help="frame of a stack")
    scale = parser.add_mutually_exclusive_group()
    scale.add_argument("--log", dest="log", action="store_true", default=None, help="log scale")
    scale.add_argument("--linear", dest="log", action="store_false", help="linear scale")
    parser.add_argument("--cmap", metavar="NAME", help="a matplotlib colour map")
    parser.add_argument("--no-rings", dest="rings", action="store_false", help="no rings")
    parser.set_defaults(func=run)


def _format(output: Path) -> str:
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(f"{output}: the output must end in .png, .svg or .pdf")
    return fmt


def render(args: argparse.Namespace) -> bytes:
    """The picture's bytes; raises NxvizError on bad input."""
    from nxviz.notebook.draw import draw
    from nxviz.notebook.figure import check_size, new_axes, picture
    from nxviz.notebook.plotting import local_file, read_plottable, style_options

    fmt = _format(args.output)
    check_size(args.width, args.height)
    options = {"frame": args.frame, "log": args.log, "cmap": args.cmap, "rings": args.rings}
    frame, style = style_options(options)
    plottable = read_plottable(local_file(args.file), args.entity, frame)
    return picture(draw(new_axes(args.width, args.height), plottable, style), fmt)


def run(args: argparse.Namespace) -> int:
    try:
        data = render(args)
        args.output.write_bytes(data)
    except NxvizError as error:
        print(f"nxviz render: error: {error.message}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"nxviz render: error: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(f"nxviz render: wrote {args.output} ({args.width} × {args.height})")
    return EXIT_OK
