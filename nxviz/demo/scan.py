"""``scan_1d.nxs``: a rocking-curve scan of a motor, with counting errors.

``/entry/data`` (the default) plots ``data`` against ``sample_x`` (mm) with ``data_errors``
(the current NeXus convention); ``/entry/legacy`` holds the same counts with the older
``errors`` field beside ``data``.
"""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

from nxviz.demo._nexus import entry, field, group, nxdata, root_attributes

NAME = "scan_1d.nxs"
POINTS = 81
SEED = 81


def write(directory: Path) -> list[Path]:
    path = directory / NAME
    rng = np.random.default_rng(SEED)
    position = np.linspace(-2.0, 2.0, POINTS)
    expected = 40.0 + 5.0 * position + 1500.0 * np.exp(-0.5 * ((position - 0.31) / 0.22) ** 2)
    counts = rng.poisson(expected).astype(np.float64)
    errors = np.sqrt(np.maximum(counts, 1.0))
    with h5py.File(path, "w") as file:
        root_attributes(file, NAME)
        top = entry(file, None, "sample_x scan across the peak", "data")
        plot = nxdata(top, "data", "data", ["sample_x"])
        field(plot, "data", counts, units="counts", long_name="Detector counts")
        field(plot, "data_errors", errors, units="counts")
        field(plot, "sample_x", position, units="mm", long_name="Sample x (mm)")
        legacy = nxdata(top, "legacy", "data", ["sample_x"])
        legacy["data"] = plot["data"]
        legacy["errors"] = plot["data_errors"]
        legacy["sample_x"] = plot["sample_x"]
        monitor = group(top, "monitor", "NXmonitor")
        field(monitor, "data", np.full(POINTS, 1.0e5), units="counts")
        field(monitor, "count_time", np.full(POINTS, 0.5), units="s")
    return [path]
