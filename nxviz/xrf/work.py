"""The XRF endpoints' work, one module-level function each: ``work(locator, h5file, *args)``,
run in a worker process with picklable arguments (see :mod:`nxviz.server.xrf_handlers`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import h5py
import numpy as np

from nxviz.errors import UsageError
from nxviz.hdf5.locate import Locator, normalise
from nxviz.hdf5.stats import percentiles_of
from nxviz.hdf5.values import Encoded
from nxviz.xrf.chunks import cube_at
from nxviz.xrf.describe import described
from nxviz.xrf.export import json_values, maps_tiff, spectra_csv
from nxviz.xrf.fit import pixel_fit
from nxviz.xrf.reduce import (
    Region,
    channels_of,
    pixel_spectrum,
    polygon,
    rectangle,
    region_spectrum,
    window_map,
)
from nxviz.xrf.scatter import density, read_map

Info = dict[str, Any]
MAX_TIFF_PAGES = 256


def _cube_info(locator: Locator, h5file: h5py.File, path: str | None) -> Info:
    payload = described(locator, h5file, path)
    cube: Info | None = payload["cube"]
    if cube is None:
        raise UsageError(f"{payload['path']}: this PyMca result holds no measured spectra")
    return cube


def _cube(locator: Locator, h5file: h5py.File, path: str | None) -> tuple[h5py.Dataset, Info]:
    cube = _cube_info(locator, h5file, path)
    return locator.find(h5file, cube["path"]).entity, cube


def _is_map(locator: Locator, h5file: h5py.File, path: str | None) -> bool:
    entity = locator.find(h5file, path).entity
    return isinstance(entity, h5py.Dataset) and entity.ndim == 2


def map_work(
    locator: Locator,
    h5file: h5py.File,
    path: str | None,
    channels: tuple[int, int] | None,
    energy: tuple[float, float] | None,
    percentiles: Sequence[float],
) -> tuple[np.ndarray, Info]:
    """A cube's counts summed over a channel (or energy) window, or a 2-D map, as float32 (the
    array is the body: it reaches the server in shared memory, not pickled)."""
    window: tuple[int, int] | None = None
    if _is_map(locator, h5file, path):
        if channels is not None or energy is not None:
            raise UsageError("a channel or energy window applies to a spectra cube, not a map")
        values = read_map(locator, h5file, path or "/")
    else:
        dataset, cube = _cube(locator, h5file, path)
        count = int(cube["shape"][2])
        if energy is not None:
            window = channels_of(np.asarray(cube["energy"]["values"]), *energy)
        elif channels is not None:
            start, stop = max(0, channels[0]), min(count, channels[1])
            if stop <= start:
                raise UsageError(f"the channel window holds none of the {count} channels")
            window = (start, stop)
        values = window_map(dataset, window or (0, count))
    image = np.ascontiguousarray(values, dtype="<f4")
    finite = image[np.isfinite(image)]
    meta: Info = {
        "shape": [int(n) for n in image.shape],
        "min": float(finite.min()) if finite.size else None,
        "max": float(finite.max()) if finite.size else None,
        "percentiles": percentiles_of(finite, percentiles),
        "channels": list(window) if window else None,
    }
    return image, meta


def _region(shape: Sequence[int], selection: Info) -> tuple[Region | None, tuple[int, int] | None]:
    if "pixel" in selection:
        return None, selection["pixel"]
    if "region" in selection:
        rows, cols = selection["region"]
        return rectangle(shape, rows, cols), None
    return polygon(shape, np.asarray(selection["polygon"], dtype=np.float64)), None


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def answer(value: Info | str, filename: str) -> Encoded:
    """A JSON answer, or CSV text as a download, encoded here in the worker (the server's
    event loop only writes the bytes)."""
    if isinstance(value, str):
        return Encoded(
            value.encode(),
            {
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": f'attachment; filename="{filename}"',
            },
        )
    body = json.dumps(value, allow_nan=False, separators=(",", ":"), default=_plain).encode()
    return Encoded(body, {"Content-Type": "application/json"})


def spectrum_work(
    locator: Locator, h5file: h5py.File, path: str | None, selection: Info, fmt: str
) -> Encoded:
    """A pixel's spectrum, or the summed spectrum of a rectangle or polygon of pixels, as JSON,
    CSV or ``bin`` (float64 counts, the energy being the cube's); as CSV, also several
    pixels' spectra side by side (``pixels``)."""
    cube = _cube_info(locator, h5file, path)
    dataset, name = cube_at(locator, h5file, cube["path"])
    energy = cube["energy"]
    if "pixels" in selection:
        columns = [
            (f"pixel {r} {c}", json_values(pixel_spectrum(dataset, r, c, name)))
            for r, c in selection["pixels"]
        ]
        return answer(spectra_csv(energy["values"], energy["units"], columns), "spectrum.csv")
    region, pixel = _region(cube["shape"], selection)
    if pixel is not None:
        counts = pixel_spectrum(dataset, *pixel, name)
        pixels = 1
    else:
        assert region is not None
        counts = region_spectrum(dataset, region)
        pixels = region.pixels
    if fmt == "bin":
        headers = {
            "Content-Type": "application/octet-stream",
            "X-Nxviz-Dtype": "<f8",
            "X-Nxviz-Shape": str(len(counts)),
            "X-Nxviz-Pixels": str(pixels),
        }
        return Encoded(np.ascontiguousarray(counts, dtype="<f8").tobytes(), headers)
    if fmt == "csv":
        columns = [("counts", json_values(counts))]
        return answer(spectra_csv(energy["values"], energy["units"], columns), "spectrum.csv")
    found: Info = {
        "path": cube["path"],
        "energy": energy["values"],
        "units": energy["units"],
        "source": energy["source"],
        "counts": json_values(counts),
        "pixels": pixels,
    }
    found.update({key: value for key, value in selection.items()})
    return answer(found, "spectrum.csv")


def fit_work(
    locator: Locator, h5file: h5py.File, path: str | None, pixel: tuple[int, int], fmt: str
) -> Encoded:
    """A pixel's measured spectrum, fitted model and residuals (JSON, or CSV columns)."""
    fit = pixel_fit(locator, h5file, path, pixel)
    if fmt != "csv":
        return answer(fit, "fit.csv")
    names = [name for name in ("measured", "model", "residuals") if fit[name] is not None]
    columns = [(name, fit[name]) for name in names]
    return answer(spectra_csv(fit["energy"], fit["units"], columns), "fit.csv")


def describe_work(locator: Locator, h5file: h5py.File, path: str | None) -> Encoded:
    """The ``xrf`` answer as JSON bytes (a cube's energy axis is thousands of numbers)."""
    return answer(described(locator, h5file, path), "xrf.csv")


def scatter_work(locator: Locator, h5file: h5py.File, x: str, y: str, bins: int) -> Encoded:
    return answer(density(locator, h5file, x, y, bins), "scatter.csv")


def tiff_work(locator: Locator, h5file: h5py.File, paths: list[str]) -> bytes:
    if not paths or len(paths) > MAX_TIFF_PAGES:
        raise UsageError(f"'paths' names 1 to {MAX_TIFF_PAGES} maps")
    pages = []
    for path in paths:
        name = normalise(path).rsplit("/", 1)[-1]
        pages.append((name, read_map(locator, h5file, path)))
    return maps_tiff(pages)
