"""A 1-D NeXus plot as CSV: its axis, the signal and its uncertainties, one column each,
under a header naming each column with its units (``Q (1/A),I (1/cm),Idev (1/cm)``).

The signal may be the NXdata's signal or one of its auxiliary signals; uncertainties go with
the signal only. A slice that is not 1-D is written as the plain dataset CSV.
"""

from __future__ import annotations

import csv
import io

import h5py
import numpy as np

from nxviz.errors import TooLargeError, UsageError
from nxviz.hdf5.downloads import CSV_MAX_ELEMENTS, csv_bytes, file_stem
from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.nxdata import nxdata_info
from nxviz.hdf5.select import parse_selection, read_selection

Column = tuple[str, np.ndarray]


def _read(
    locator: Locator, h5file: h5py.File, path: str, selection: str | None, max_bytes: int
) -> np.ndarray:
    found = locator.find(h5file, path)
    if not isinstance(found.entity, h5py.Dataset) or found.entity.shape is None:
        raise UsageError(f"{path} is not a dataset with values")
    sel = parse_selection(selection, tuple(found.entity.shape))
    if sel.nbytes(found.entity.dtype) > max_bytes:
        raise TooLargeError(f"{path}: more than {max_bytes} bytes asked: select less")
    return np.asarray(read_selection(found.entity, sel))


def plot_columns(
    locator: Locator,
    h5file: h5py.File,
    group: str,
    signal: str,
    selection: str | None,
    max_bytes: int,
) -> list[Column]:
    """The columns of a 1-D slice of ``signal`` in the NXdata ``group``: axis, signal, errors."""
    found = locator.find(h5file, group)
    info = nxdata_info(locator, Found(found.entity, found.file, group))
    fields = [info["signal"], *info["auxiliary_signals"]]
    chosen = next((f for f in fields if f is not None and f["path"] == signal), None)
    if chosen is None:
        raise UsageError(f"{signal} is not a signal of the NXdata {group}")
    values = _read(locator, h5file, signal, selection, max_bytes)
    if values.ndim != 1:
        return [(chosen["label"], values)]
    columns: list[Column] = []
    axes = info["dimension_axes"]
    axis = axes[-1] if axes else None
    if axis is not None:
        coordinates = _read(locator, h5file, axis["path"], None, max_bytes).astype(np.float64)
        if coordinates.size == values.size + 1:  # bin edges: their centres
            columns.append(
                (f"{axis['label']} (bin centre)", (coordinates[1:] + coordinates[:-1]) / 2)
            )
        elif coordinates.size == values.size:
            columns.append((axis["label"], coordinates))
    columns.append((chosen["label"], values))
    errors = info["errors"]
    if chosen is info["signal"] and errors is not None and errors["shape"] == chosen["shape"]:
        columns.append(
            (errors["label"], _read(locator, h5file, errors["path"], selection, max_bytes))
        )
    return columns


def columns_csv(columns: list[Column]) -> bytes:
    """A header row naming the columns, then one row per point; each column keeps its own
    number format (integers as integers, floats with enough digits to read back)."""
    if len(columns) == 1 and columns[0][1].ndim != 1:
        return csv_bytes(columns[0][1], columns[0][0])
    size = columns[0][1].size
    if size * len(columns) > CSV_MAX_ELEMENTS:
        raise TooLargeError(f"{size * len(columns)} values are too many for CSV: ask for npy")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([label for label, _ in columns])
    text = [
        np.char.mod(
            _format(values), values.astype(np.float64) if values.dtype.kind == "b" else values
        )
        for _, values in columns
    ]
    for row in zip(*text, strict=True):
        buffer.write(",".join(row) + "\n")
    return buffer.getvalue().encode("utf-8")


def _format(values: np.ndarray) -> str:
    if values.dtype.kind in "iub":
        return "%d"
    return "%.9g" if values.dtype.itemsize <= 4 else "%.17g"


def plot_csv(
    locator: Locator,
    h5file: h5py.File,
    group: str,
    signal: str,
    selection: str | None,
    max_bytes: int,
) -> tuple[bytes, dict[str, str]]:
    """The body and headers of the CSV download of a NeXus plot."""
    body = columns_csv(plot_columns(locator, h5file, group, signal, selection, max_bytes))
    name = file_stem(signal)
    return body, {
        "Content-Type": "text/csv",
        "Content-Disposition": f'attachment; filename="{name}.csv"',
    }
