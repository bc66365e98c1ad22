"""Draw a :class:`~nxviz.notebook.source.Curve` or :class:`~nxviz.notebook.source.Image` on
matplotlib Axes, as a publication plot.

A curve is a line with error bars (steps when its axis holds bin edges), labelled with
``long_name`` and units. An image is placed at its physical extent (``imshow`` on uniform axes,
``pcolormesh`` otherwise) with a colour bar; a frame bigger than the Axes is reduced to their
size in pixels first (:func:`nxviz.hdf5.reduce.reduce_frame`: max pooling for detector frames,
so Bragg peaks survive, mean pooling otherwise). A detector frame is log-scaled by default,
its masked and gap pixels painted in :data:`MASKED`, saturated ones in :data:`SATURATED`, and
resolution rings drawn when the geometry is known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm, Normalize
from matplotlib.patches import Ellipse, Patch

from nxviz.hdf5.reduce import Exclusions, Reduced, default_gap, reduce_frame
from nxviz.notebook.source import Axis, Curve, Image, Plottable

MASKED = "#39a0ed"
SATURATED = "#e4002b"
RING = "#ffffffcc"


@dataclass(frozen=True)
class Style:
    """How to draw: ``log`` None means log for detector frames and linear otherwise."""

    log: bool | None = None
    cmap: str | None = None
    rings: bool = True
    mask: bool = True
    errors: bool = True


def draw(ax: Axes, plottable: Plottable, style: Style | None = None) -> Axes:
    style = style or Style()
    if isinstance(plottable, Curve):
        _curve(ax, plottable, style)
    else:
        _image(ax, plottable, style)
    return ax


def _curve(ax: Axes, curve: Curve, style: Style) -> None:
    n = curve.y.shape[0]
    values = curve.x.values if curve.x.values is not None else np.arange(n, dtype=np.float64)
    errors = curve.errors if style.errors else None
    if values.shape[0] == n + 1:  # bin edges
        ax.stairs(curve.y, values, color="C0")
        centres = (values[:-1] + values[1:]) / 2
        if errors is not None:
            ax.errorbar(centres, curve.y, yerr=errors, fmt="none", ecolor="C0", elinewidth=0.8)
    elif errors is not None:
        ax.errorbar(
            values,
            curve.y,
            yerr=errors,
            fmt=".-",
            color="C0",
            markersize=3,
            linewidth=1,
            elinewidth=0.8,
            capsize=1.5,
        )
    else:
        ax.plot(values, curve.y, ".-", color="C0", markersize=3, linewidth=1)
    if style.log:
        ax.set_yscale("log")
    ax.set_xlabel(curve.x.label)
    ax.set_ylabel(curve.ylabel)
    ax.set_title(curve.title, fontsize="medium")
    ax.grid(True, alpha=0.3)


def _edges(axis: Axis, n: int) -> np.ndarray:
    """n+1 bin edges: given, or midway between centres, or around pixel indices."""
    values = axis.values
    if values is None:
        return np.arange(n + 1, dtype=np.float64) - 0.5
    if values.shape[0] == n + 1:
        return values
    if n == 1:
        return np.array([values[0] - 0.5, values[0] + 0.5])
    middle = (values[:-1] + values[1:]) / 2
    return np.concatenate(([2 * values[0] - middle[0]], middle, [2 * values[-1] - middle[-1]]))


def _uniform(edges: np.ndarray) -> bool:
    steps = np.diff(edges)
    return bool(np.all(np.isfinite(steps)) and np.allclose(steps, steps[0], rtol=1e-3))


def _target(ax: Axes) -> tuple[int, int]:
    """The Axes' size in screen pixels (at the figure's dpi), at least 64 each way."""
    box = ax.get_position()
    figure = ax.get_figure(root=True)
    assert figure is not None
    width, height = figure.get_size_inches() * figure.dpi
    return max(64, int(box.height * height)), max(64, int(box.width * width))


def _reduce(ax: Axes, image: Image) -> Reduced:
    detector = image.detector
    data = np.array(image.data, copy=True)  # reduce_frame may write into its argument
    if detector is None:
        exclusions = Exclusions()
    else:
        exclusions = Exclusions(
            mask=detector.mask,
            gap=default_gap(data.dtype),
            saturation=detector.saturation,
        )
    height, width = _target(ax)
    how = "max" if detector is not None else "mean"
    return reduce_frame(data, width=width, height=height, how=how, exclusions=exclusions)


def _norm(reduced: Reduced, log: bool) -> Normalize:
    stats = reduced.stats
    low = stats.min if stats.min is not None else 0.0
    high = stats.max if stats.max is not None else 1.0
    if log:
        finite = reduced.image[np.isfinite(reduced.image) & (reduced.image > 0)]
        floor = 1.0 if high >= 1.0 else (float(finite.min()) if finite.size else 1e-3)
        low = max(low, floor)
        return LogNorm(vmin=low, vmax=max(high, low * 10))
    if high <= low:
        high = low + 1.0
    return Normalize(vmin=low, vmax=high)


def _display(reduced: Reduced, norm: Normalize) -> np.ma.MaskedArray:
    """Finite values for the colour map: excluded bins masked, saturated ones above vmax."""
    values = np.array(reduced.image, dtype=np.float64)
    saturated = np.isposinf(values)
    vmin = float(norm.vmin) if norm.vmin is not None else 0.0
    vmax = float(norm.vmax) if norm.vmax is not None else 1.0
    finite = np.isfinite(values)
    values[finite] = np.maximum(values[finite], vmin)  # log scale: zeros take the lowest colour
    values[saturated] = vmax * 2 if vmax > 0 else vmax + 1
    return np.ma.masked_invalid(values)


def _image(ax: Axes, image: Image, style: Style) -> None:
    import matplotlib

    detector = image.detector
    log = style.log if style.log is not None else detector is not None
    reduced = _reduce(ax, image)
    norm = _norm(reduced, log)
    name = style.cmap or ("inferno" if detector is not None else "viridis")
    cmap = matplotlib.colormaps[name].with_extremes(
        bad=MASKED if style.mask else "white", over=SATURATED, under=None
    )
    rows, cols = image.data.shape
    fy, fx = reduced.factors
    xe, ye = _edges(image.x, cols), _edges(image.y, rows)
    physical_y = image.y.values is not None
    shown = _display(reduced, norm)
    h, w = shown.shape
    xb = np.concatenate((xe[0:cols:fx], xe[-1:]))
    yb = np.concatenate((ye[0:rows:fy], ye[-1:]))
    if _uniform(xe) and _uniform(ye):
        x1 = xe[0] + w * fx * (xe[1] - xe[0])
        y1 = ye[0] + h * fy * (ye[1] - ye[0])
        extent = (xe[0], x1, ye[0], y1) if physical_y else (xe[0], x1, y1, ye[0])
        artist: Any = ax.imshow(
            shown,
            cmap=cmap,
            norm=norm,
            origin="lower" if physical_y else "upper",
            extent=extent,
            interpolation="nearest",
            aspect=_aspect(image),
        )
    else:
        artist = ax.pcolormesh(xb, yb, shown, cmap=cmap, norm=norm, shading="flat")
        if not physical_y:
            ax.invert_yaxis()
    ax.set_xlim(xe[0], xe[-1])
    ax.set_ylim((ye[0], ye[-1]) if physical_y else (ye[-1], ye[0]))
    colorbar = ax.figure.colorbar(artist, ax=ax, shrink=0.9)
    colorbar.set_label(image.label)
    _labels(ax, image)
    if detector is not None and detector.geometry is not None and style.rings:
        _rings(ax, image)
    if detector is not None and style.mask:
        _legend(ax, reduced)


def _aspect(image: Image) -> Literal["equal", "auto"]:
    both_index = image.x.values is None and image.y.values is None
    same_units = image.x.units is not None and image.x.units == image.y.units
    return "equal" if both_index or same_units else "auto"


def _labels(ax: Axes, image: Image) -> None:
    if image.detector is not None and image.x.values is None:
        ax.set_xlabel("fast axis x (pixel)")
        ax.set_ylabel("slow axis y (pixel)")
    else:
        ax.set_xlabel(image.x.label)
        ax.set_ylabel(image.y.label)
    title = image.title
    if image.frame is not None:
        title += f"  frame {image.frame} of {image.frames}"
        if image.position:
            title += f"\n{image.position}"
    ax.set_title(title, fontsize="medium")


def _rings(ax: Axes, image: Image) -> None:
    assert image.detector is not None and image.detector.geometry is not None
    geometry = image.detector.geometry
    ax.plot([geometry.beam_x], [geometry.beam_y], "+", color=RING, markersize=10)
    for d in geometry.ring_spacings(image.data.shape[-2:]):
        radius = geometry.radius(d)
        width, height = 2 * radius / geometry.pixel_x, 2 * radius / geometry.pixel_y
        ax.add_patch(
            Ellipse(
                (geometry.beam_x, geometry.beam_y),
                width,
                height,
                fill=False,
                edgecolor=RING,
                linewidth=0.8,
                linestyle="--",
            )
        )
        angle = math.radians(-45.0)
        where = (
            geometry.beam_x + width / 2 * math.cos(angle),
            geometry.beam_y + height / 2 * math.sin(angle),
        )
        ax.annotate(
            f"{d:g} Å",
            where,
            color=RING,
            fontsize="x-small",
            ha="left",
            va="bottom",
            annotation_clip=True,
        )


def _legend(ax: Axes, reduced: Reduced) -> None:
    handles = []
    if reduced.stats.excluded:
        handles.append(Patch(color=MASKED, label=f"masked ({reduced.stats.excluded} px)"))
    if reduced.stats.saturated:
        handles.append(Patch(color=SATURATED, label=f"saturated ({reduced.stats.saturated} px)"))
    if handles:
        ax.legend(handles=handles, loc="lower right", fontsize="x-small", framealpha=0.8)
