"""A dataset slice as a file to download: CSV (1D/2D text) or TIFF (one 2D image).

NPY and raw binary come from h5grove's encoder (nxviz.hdf5.values); these two are written
here so that integers stay integers in CSV and every numeric dtype (uint32 detector frames,
float64) keeps its exact type in TIFF.
"""

from __future__ import annotations

import io
import re

import numpy as np

from nxviz.errors import TooLargeError, UnsupportedTypeError, UsageError

#: CSV is text, 5-20 bytes a value: above this many values ask for NPY or TIFF instead
#: (one Eiger2 16M frame, 18 million values, still fits).
CSV_MAX_ELEMENTS = 20_000_000

DOWNLOADS = {"csv": "text/csv", "tiff": "image/tiff"}


def file_stem(path: str) -> str:
    """A file name from an entity's path: its last part in ASCII letters, digits, ``.-_`` (an
    HTTP header carries Latin-1 only; the viewer names its downloads itself anyway)."""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "data"


def _real_array(array: np.ndarray, what: str, where: str) -> np.ndarray:
    if array.dtype.kind == "b":
        return array.astype(np.uint8)
    if array.dtype.kind not in "iuf":
        raise UnsupportedTypeError(f"{where}: {what} is for real numbers; ask for npy")
    return array


def csv_bytes(array: np.ndarray, where: str) -> bytes:
    """One line per value (1D) or per row (2D); integers written as integers, floats with
    enough digits to read back the same value; NaN and infinities as nan, inf, -inf."""
    data = _real_array(np.asarray(array), "CSV", where)
    if data.ndim > 2:
        raise UsageError(f"{where}: CSV holds a 1D or 2D slice; select fewer dimensions")
    if data.size > CSV_MAX_ELEMENTS:
        raise TooLargeError(
            f"{data.size} values are too many for CSV (limit {CSV_MAX_ELEMENTS}): ask for npy"
        )
    rows = data.reshape(-1, 1) if data.ndim < 2 else data
    if data.dtype.kind in "iu":
        fmt = "%d"
    else:
        fmt = "%.9g" if data.dtype.itemsize <= 4 else "%.17g"
    buffer = io.BytesIO()
    np.savetxt(buffer, rows, fmt=fmt, delimiter=",")
    return buffer.getvalue()


def tiff_bytes(array: np.ndarray, where: str) -> bytes:
    """One greyscale image in the slice's own dtype (uncompressed)."""
    import tifffile

    data = _real_array(np.asarray(array), "TIFF", where)
    if data.ndim != 2:
        raise UsageError(f"{where}: TIFF holds one 2D image; select a 2D slice")
    buffer = io.BytesIO()
    tifffile.imwrite(buffer, np.ascontiguousarray(data), photometric="minisblack")
    return buffer.getvalue()


def download(array: np.ndarray, fmt: str, path: str) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a ``csv`` or ``tiff`` download of ``array`` (from ``path``)."""
    body = csv_bytes(array, path) if fmt == "csv" else tiff_bytes(array, path)
    extension = "csv" if fmt == "csv" else "tiff"
    return body, {
        "Content-Type": DOWNLOADS[fmt],
        "Content-Disposition": f'attachment; filename="{file_stem(path)}.{extension}"',
    }
