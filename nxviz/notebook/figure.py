"""Pictures of a plot at an exact size in pixels, drawn with matplotlib's Agg canvas.

Figures are made with :class:`matplotlib.figure.Figure` and an explicit Agg canvas, never
through pyplot: nothing opens a window, and nothing touches the user's current figure.
"""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nxviz.errors import UsageError

DPI = 100
FORMATS = ("png", "svg", "pdf")
MIN_SIZE, MAX_SIZE = 64, 8192


def check_size(width: int, height: int) -> None:
    for name, value in (("width", width), ("height", height)):
        if not MIN_SIZE <= value <= MAX_SIZE:
            raise UsageError(f"the {name} must be between {MIN_SIZE} and {MAX_SIZE} pixels")


def new_axes(width: int, height: int) -> Axes:
    """Axes on a new Agg figure of ``width`` × ``height`` pixels (constrained layout)."""
    check_size(width, height)
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure.add_subplot()


def picture(ax: Axes, fmt: str = "png") -> bytes:
    """The figure of ``ax`` as PNG, SVG or PDF bytes, at the figure's own size."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown picture format {fmt!r}: choose one of {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    figure = ax.get_figure(root=True)
    assert figure is not None
    figure.savefig(buffer, format=fmt, dpi=DPI, metadata=_metadata(fmt))
    return buffer.getvalue()


def _metadata(fmt: str) -> dict[str, str | None]:
    # Pictures must not change from run to run: no creation dates, a fixed software name.
    if fmt == "png":
        return {"Software": "nxviz"}
    if fmt == "svg":
        return {"Date": None, "Creator": "nxviz"}
    return {"CreationDate": None, "Creator": "nxviz"}
