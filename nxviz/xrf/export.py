"""Exports: shown maps as a multi-page TIFF, shown spectra as CSV with energy and units."""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np

PAGE_NAME_TAG = 285  # TIFF PageName


def json_values(values: np.ndarray) -> list[float | int | None]:
    """Values for a JSON answer: NaN and infinities (PyMca's model outside the fitted range)
    as null."""
    array = np.asarray(values)
    if array.dtype.kind in "iub":
        return [int(v) for v in array.tolist()]
    floats = array.astype(np.float64)
    return [float(v) if np.isfinite(v) else None for v in floats.tolist()]


def maps_tiff(maps: Sequence[tuple[str, np.ndarray]]) -> bytes:
    """One float32 page per map, each page named (TIFF PageName) after its map."""
    import tifffile

    buffer = io.BytesIO()
    with tifffile.TiffWriter(buffer) as tiff:
        for name, values in maps:
            tiff.write(
                np.ascontiguousarray(values, dtype=np.float32),
                photometric="minisblack",
                description=name,
                extratags=[(PAGE_NAME_TAG, "s", 0, name, True)],
                metadata=None,
            )
    return buffer.getvalue()


def spectra_csv(
    energy: Sequence[float], units: str, columns: Sequence[tuple[str, Sequence[float | None]]]
) -> str:
    """A header naming energy (with units) and each column, then one line per channel."""
    head = f"energy ({units})" if units else "channel"
    lines = [",".join([head, *(_quoted(name) for name, _ in columns)])]
    for index, value in enumerate(energy):
        lines.append(",".join([repr(float(value)), *(_number(c[index]) for _, c in columns)]))
    return "\n".join(lines) + "\n"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    number = float(value)
    if not np.isfinite(number):
        return ""
    return str(int(number)) if number.is_integer() else repr(number)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"' if any(c in name for c in ',"\n') else name
