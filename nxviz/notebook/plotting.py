"""``nxviz.plot``: the default plot of a file (or of one entity) on matplotlib Axes.

The drawing options are shared with :func:`nxviz.show` (its PNG) and ``nxviz render``:

============  =========  ==================================================================
option        default    meaning
============  =========  ==================================================================
``frame``     0          which frame of a stack (flat index over the leading dimensions)
``log``       None       log colour (2D) or y (1D) scale; None: log for NXmx frames only
``cmap``      None       a matplotlib colour map name; None: inferno for frames, else viridis
``rings``     True       resolution rings on NXmx frames when the geometry is known
``mask``      True       paint masked and gap pixels of NXmx frames
``errors``    True       error bars on 1D plots when the NXdata has errors
``slice``     None       ``{"axis": a, "index": k}``: the slice of a 3-D volume along axis a
``xrf``       None       ``{"pixel": [r, c]}``: a spectra cube's or PyMca result's pixel
                         spectrum (with the fit); ``{"maps": "parameters"}``: the mosaic of a
                         PyMca result's element-line maps (see :mod:`nxviz.notebook.xrf`)
============  =========  ==================================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nxviz.errors import FileAccessError, UsageError
from nxviz.notebook.source import Plottable, load, opened

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from nxviz.notebook.draw import Style

#: The options :func:`plot` understands, with the types they accept.
PLOT_OPTIONS: dict[str, tuple[type, ...]] = {
    "frame": (int,),
    "log": (bool, type(None)),
    "cmap": (str, type(None)),
    "rings": (bool,),
    "mask": (bool,),
    "errors": (bool,),
}


def style_options(options: Mapping[str, Any]) -> tuple[int, Style]:
    """The frame index and drawing style named by ``options`` (other keys are ignored)."""
    from nxviz.notebook.draw import Style

    for key, kinds in PLOT_OPTIONS.items():
        value = options.get(key)
        if key in options and (not isinstance(value, kinds) or _is_bool_as_int(key, value)):
            expected = " or ".join("None" if k is type(None) else k.__name__ for k in kinds)
            raise UsageError(f"option {key}={value!r}: expected {expected}")
    cmap = options.get("cmap")
    if cmap is not None:
        import matplotlib

        if cmap not in matplotlib.colormaps:
            raise UsageError(f"option cmap={cmap!r}: no such matplotlib colour map")
    style = Style(
        log=options.get("log"),
        cmap=cmap,
        rings=options.get("rings", True),
        mask=options.get("mask", True),
        errors=options.get("errors", True),
    )
    return int(options.get("frame", 0)), style


def _is_bool_as_int(key: str, value: Any) -> bool:
    return key == "frame" and isinstance(value, bool)


def local_file(path: str | os.PathLike[str]) -> Path:
    """``path`` as an existing regular file (relative to the working directory)."""
    text = os.fspath(path)
    if not text.strip():
        raise UsageError("a file path is required")
    file = Path(text).expanduser()
    if not file.exists():
        raise FileAccessError(f"{text}: no such file")
    if not file.is_file():
        raise FileAccessError(f"{text}: not a regular file")
    return file.resolve()


def read_plottable(
    file: Path, entity: str | None, frame: int, root: Path | None = None
) -> Plottable:
    """Open ``file`` read-only and read what its plot needs; links may not leave ``root``."""
    with opened(file, root or Path(file.anchor)) as (locator, h5file):
        return load(locator, h5file, entity, frame)


def plot(
    path: str | os.PathLike[str],
    entity: str | None = None,
    ax: Axes | None = None,
    **options: Any,
) -> Axes:
    """Draw the default plot of ``path`` (or the NXdata or field ``entity``) and return the Axes.

    A 1D signal is a line with error bars and labelled axes (``long_name``, units); a 2D one an
    image at its physical extent with a colour bar; a stack one frame of it; an NXmx frame is
    log-scaled with masked pixels painted and resolution rings. Without ``ax``, a new pyplot
    figure is made. Options: see the module's table. With ``xrf={"maps": ...}`` the mosaic's
    tiles replace ``ax`` in its figure and the first tile is returned.
    """
    from nxviz.notebook.draw import draw

    where = options.pop("slice", None)
    xrf = options.pop("xrf", None)
    unknown = sorted(set(options) - set(PLOT_OPTIONS))
    if unknown:
        known = ", ".join([*PLOT_OPTIONS, "slice", "xrf"])
        raise UsageError(f"unknown option(s) {', '.join(unknown)}; known: {known}")
    frame, style = style_options(options)
    if xrf is not None:
        from nxviz.notebook.xrf import draw_xrf, xrf_option

        checked = xrf_option(xrf)
        file = local_file(path)
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(layout="constrained")
        return draw_xrf(ax, file, entity, checked)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(layout="constrained")
    if where is not None:
        from nxviz.notebook.slices import draw_slice, slice_option

        return draw_slice(ax, local_file(path), entity, slice_option(where), style)
    plottable = read_plottable(local_file(path), entity, frame)
    return draw(ax, plottable, style)
