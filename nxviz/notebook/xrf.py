"""``nxviz.plot(file, entity, xrf={...})``: XRF figures with matplotlib.

- ``xrf={"pixel": [r, c]}``: the pixel's spectrum against energy (a cube's counts; for a PyMca
  result the measured spectrum, the fitted model and the residuals), ``"elements": ["Fe", ...]``
  marks their emission lines (xraylib), ``"log": True`` a log counts axis;
- ``xrf={"maps": "parameters"}`` (or ``"uncertainties"``, ``"massfractions"``): the mosaic of a
  PyMca result's element-line maps, one tile each, named as PyMca names them (``Cu K``), each on
  its own colour scale (``"scale": "shared"``: one scale for all).

The values are computed as the server computes them (:mod:`nxviz.xrf`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nxviz.errors import UsageError
from nxviz.notebook.source import opened
from nxviz.xrf.describe import describe
from nxviz.xrf.fit import pixel_fit
from nxviz.xrf.lines import emission_lines
from nxviz.xrf.reduce import pixel_spectrum
from nxviz.xrf.scatter import read_map

if TYPE_CHECKING:
    from matplotlib.axes import Axes

KEYS = {"pixel", "maps", "elements", "log", "scale", "cmap"}
KINDS = ("parameters", "uncertainties", "massfractions", "molarconcentrations")


def xrf_option(value: Any) -> dict[str, Any]:
    """The ``xrf`` option checked: a mapping with ``pixel`` or ``maps`` and optional keys."""
    if not isinstance(value, Mapping) or set(value) - KEYS:
        raise UsageError(
            f"option xrf: expected a mapping with keys among {', '.join(sorted(KEYS))}"
        )
    if ("pixel" in value) == ("maps" in value):
        raise UsageError('option xrf: give "pixel": [row, col] or "maps": "parameters"')
    if "pixel" in value:
        pixel = value["pixel"]
        if (
            not isinstance(pixel, (list, tuple))
            or len(pixel) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in pixel)
        ):
            raise UsageError("option xrf: pixel must be [row, col] (integers)")
    if "maps" in value and value["maps"] not in KINDS:
        raise UsageError(f"option xrf: maps must be one of {', '.join(KINDS)}")
    if value.get("scale", "individual") not in ("individual", "shared"):
        raise UsageError('option xrf: scale must be "individual" or "shared"')
    elements = value.get("elements", [])
    if not isinstance(elements, (list, tuple)) or not all(isinstance(e, str) for e in elements):
        raise UsageError("option xrf: elements must be a list of element symbols")
    return dict(value)


def draw_xrf(ax: Axes, file: Path, entity: str | None, option: Mapping[str, Any]) -> Axes:
    if "pixel" in option:
        return _spectrum(ax, file, entity, option)
    return _mosaic(ax, file, entity, option)


def _spectrum(ax: Axes, file: Path, entity: str | None, option: Mapping[str, Any]) -> Axes:
    row, col = option["pixel"]
    with opened(file, Path(file.anchor)) as (locator, h5file):
        payload = describe(locator, h5file, entity)
        if payload["kind"] == "pymca" and payload["fit"] and payload["fit"].get("model"):
            fit = pixel_fit(locator, h5file, entity, (row, col))
            energy, units = np.asarray(fit["energy"]), fit["units"]
            curves = [(k, fit[k]) for k in ("measured", "model", "residuals") if fit[k]]
        else:
            cube = payload["cube"]
            counts = pixel_spectrum(locator.find(h5file, cube["path"]).entity, row, col)
            energy, units = np.asarray(cube["energy"]["values"]), cube["energy"]["units"]
            curves = [("counts", counts)]
    for name, values in curves:
        y = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        if name == "measured" or name == "counts":
            ax.step(energy, y, where="mid", label=name, linewidth=0.8)
        else:
            ax.plot(energy, y, label=name, linewidth=1.0)
    ax.set_xlabel(f"Energy ({units})" if units else "Channel")
    ax.set_ylabel("Counts")
    ax.set_title(f"pixel ({row}, {col})")
    if option.get("log"):
        ax.set_yscale("symlog", linthresh=1.0)
    if option.get("elements") and units in ("keV", "eV"):
        _mark_lines(ax, list(option["elements"]), energy, 1000.0 if units == "eV" else 1.0)
    ax.legend(loc="upper right")
    return ax


def _mark_lines(ax: Axes, elements: list[str], energy: np.ndarray, scale: float) -> None:
    low, high = float(np.nanmin(energy)) / scale, float(np.nanmax(energy)) / scale
    for line in emission_lines(elements, low, high):
        if line["intensity"] < 0.1:
            continue
        x = line["energy"] * scale
        ax.axvline(x, color="0.4", linestyle=":", linewidth=0.8, gid="emission-line")
        ax.annotate(
            f"{line['element']} {line['label']}",
            (x, 1.0),
            xycoords=("data", "axes fraction"),
            rotation=90,
            fontsize=7,
            va="top",
            ha="right",
        )


def _mosaic(ax: Axes, file: Path, entity: str | None, option: Mapping[str, Any]) -> Axes:
    kind = option["maps"]
    with opened(file, Path(file.anchor)) as (locator, h5file):
        payload = describe(locator, h5file, entity)
        if payload["kind"] != "pymca":
            raise UsageError(f"{payload['path']}: not a PyMca fit result (no maps to tile)")
        maps = [m for m in payload["maps"] if m["kind"] == kind and m["element"]]
        if not maps:
            raise UsageError(f"{payload['path']}: no {kind} maps")
        images = [(m, read_map(locator, h5file, m["path"])) for m in maps]
    shared = option.get("scale", "individual") == "shared"
    every = np.concatenate([v[np.isfinite(v)] for _, v in images])
    vmin, vmax = (float(every.min()), float(every.max())) if every.size else (0.0, 1.0)
    columns = math.ceil(math.sqrt(len(images)))
    rows = math.ceil(len(images) / columns)
    figure = ax.figure
    grid = ax.get_subplotspec().subgridspec(rows, columns)  # type: ignore[union-attr]
    ax.remove()
    tiles = []
    for index, (info, values) in enumerate(images):
        tile = figure.add_subplot(grid[index // columns, index % columns])
        image = tile.imshow(
            values,
            origin="upper",
            cmap=option.get("cmap") or "viridis",
            vmin=vmin if shared else None,
            vmax=vmax if shared else None,
            interpolation="nearest",
        )
        tile.set_title(info["name"], fontsize=8)
        tile.set_xticks([])
        tile.set_yticks([])
        if not shared:
            figure.colorbar(image, ax=tile, shrink=0.8)
        tiles.append(tile)
    if shared:
        figure.colorbar(tiles[-1].images[0], ax=tiles, shrink=0.8, label=kind)
    return tiles[0]
