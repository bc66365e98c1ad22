"""``nxviz.plot(file, entity, slice={"axis": a, "index": k})``: one slice of a volume.

The slice is read as the ``slice`` endpoint reads it (chunk planes decoded on every core) and
drawn at its physical extent when the volume has coordinates (NXdata axes, NXtomo pixel sizes),
rows downwards as in the viewer, with a colour bar.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nxviz.errors import UsageError
from nxviz.hdf5.nexus import default_chain, nxdata_info
from nxviz.notebook.source import opened

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from nxviz.notebook.draw import Style

MAX_BYTES = 1 << 30


def slice_option(value: Any) -> tuple[int, int]:
    if not isinstance(value, Mapping) or set(value) - {"axis", "index"} or "axis" not in value:
        raise UsageError('option slice: expected {"axis": 0, 1 or 2, "index": an integer}')
    axis, index = value["axis"], value.get("index", 0)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (axis, index)):
        raise UsageError("option slice: axis and index must be integers")
    return axis, index


def _label(axis: Mapping[str, Any], fallback: str) -> str:
    name = axis["name"] or fallback
    return f"{name} ({axis['units']})" if axis["units"] else name


def _extent(axis: Mapping[str, Any], n: int) -> tuple[float, float]:
    values = axis["values"]
    if not values or len(values) < 2:
        return -0.5, n - 0.5
    step = (values[-1] - values[0]) / (len(values) - 1)
    return values[0] - step / 2, values[-1] + step / 2


def draw_slice(
    ax: Axes, file: Path, entity: str | None, where: tuple[int, int], style: Style
) -> Axes:
    from matplotlib.colors import LogNorm

    from nxviz.volumes.render import full_slice

    axis, index = where
    with opened(file, Path(file.anchor)) as (locator, h5file):
        if entity is None:
            chain = default_chain(locator, h5file)
            info = nxdata_info(locator, locator.find(h5file, chain[-1])) if chain else None
            signal = info["signal"] if info else None
            if signal is None:
                raise UsageError("the file names no default plot: give the volume's path")
            entity = signal["path"]
        picture, volume, (rows, cols) = full_slice(locator, h5file, entity, axis, index, MAX_BYTES)
    names = ("z", "y", "x")
    axes = volume["axes"]
    left, right = _extent(axes[cols], picture.shape[1])
    top, bottom = _extent(axes[rows], picture.shape[0])
    norm = LogNorm() if style.log else None
    image = ax.imshow(
        picture,
        cmap=style.cmap or "viridis",
        norm=norm,
        extent=(left, right, bottom, top),
        origin="upper",
        aspect="equal" if axes[rows]["units"] == axes[cols]["units"] else "auto",
        interpolation="nearest",
    )
    ax.set_xlabel(_label(axes[cols], names[cols]))
    ax.set_ylabel(_label(axes[rows], names[rows]))
    here = axes[axis]
    value = here["values"][index] if here["values"] else None
    at = f"{here['name'] or names[axis]} = {value:g}" if value is not None else f"index {index}"
    unit = f" {here['units']}" if value is not None and here["units"] else ""
    ax.set_title(f"{entity} at {at}{unit}")
    ax.figure.colorbar(image, ax=ax, label=volume["long_name"] or "value")
    return ax
