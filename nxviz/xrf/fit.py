"""A pixel's measured spectrum, PyMca's fitted model and the residuals."""

from __future__ import annotations

from typing import Any

import h5py
import numpy as np

from nxviz.errors import UnsupportedTypeError
from nxviz.hdf5.locate import Locator
from nxviz.xrf.chunks import cube_at
from nxviz.xrf.describe import described
from nxviz.xrf.export import json_values
from nxviz.xrf.reduce import pixel_spectrum


def _spectrum(locator: Locator, h5file: h5py.File, path: str | None, pixel: tuple[int, int]) -> Any:
    if path is None:
        return None
    dataset, name = cube_at(locator, h5file, path)
    return pixel_spectrum(dataset, *pixel, name)


def pixel_fit(
    locator: Locator, h5file: h5py.File, path: str | None, pixel: tuple[int, int]
) -> dict[str, Any]:
    """``{"energy", "units", "measured", "model", "residuals"}`` at ``pixel`` of the PyMca
    result at (or above, or below) ``path``; residuals are measured - model when the file has
    both but no residuals. 415 when the result holds no fitted model."""
    payload = described(locator, h5file, path)
    fit = payload["fit"]
    if payload["kind"] != "pymca" or not fit or not fit.get("model"):
        raise UnsupportedTypeError(
            f"{payload['path']}: no fitted model per pixel (PyMca writes it when asked to "
            "save the fit)"
        )
    model = _spectrum(locator, h5file, fit["model"], pixel)
    measured = _spectrum(locator, h5file, fit.get("measured"), pixel)
    residuals = _spectrum(locator, h5file, fit.get("residuals"), pixel)
    if residuals is None and measured is not None:
        residuals = np.asarray(measured, np.float64) - np.asarray(model, np.float64)
    cube = payload["cube"]
    if cube is not None:
        energy = cube["energy"]
    else:
        energy = {"values": list(range(len(model))), "units": "", "source": "channel"}
    return {
        "energy": energy["values"],
        "units": energy["units"],
        "source": energy["source"],
        "pixel": list(pixel),
        "measured": None if measured is None else json_values(measured),
        "model": json_values(model),
        "residuals": None if residuals is None else json_values(residuals),
    }
