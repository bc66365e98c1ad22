"""Attribute values and dataset slices as h5grove encodes them (json, npy, bin), or as CSV/TIFF
downloads (nxviz.hdf5.downloads), bounded in size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import h5py
import numpy as np
from h5grove.encoders import encode, orjson_default, orjson_encode
from h5grove.utils import QueryArgumentError, convert

from nxviz.errors import (
    EntityNotFoundError,
    TooLargeError,
    UnsupportedTypeError,
    UsageError,
)
from nxviz.hdf5.confine import iter_notes
from nxviz.hdf5.downloads import DOWNLOADS, download, file_stem
from nxviz.hdf5.locate import Found
from nxviz.hdf5.select import parse_selection, read_selection

#: JSON is for scalars and small values; arrays above this many elements go as npy or bin.
JSON_MAX_ELEMENTS = 1 << 20


def _json_default(value: Any) -> Any:
    """h5grove's conversions, with text that is not UTF-8 read as Latin-1 (older files)."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("latin-1")
    return orjson_default(value)


def to_json(value: Any) -> bytes:
    body: bytes = orjson_encode(value, default=_json_default)
    return body


@dataclass
class Encoded:
    body: bytes
    headers: dict[str, str]


def attribute_values(found: Found, names: list[str]) -> Encoded:
    """The entity's attributes (all, or only ``names``) as JSON."""
    attrs = found.entity.attrs
    wanted = names or list(attrs.keys())
    values: dict[str, Any] = {}
    for name in wanted:
        if name not in attrs:
            raise EntityNotFoundError(f"{found.path}: no attribute {name!r}")
        try:
            values[name] = attrs[name]
        except (OSError, TypeError) as error:
            raise UnsupportedTypeError(f"{found.path}@{name}: cannot be read ({error})") from error
    try:
        body = to_json(values)
    except TypeError as error:
        raise UnsupportedTypeError(f"{found.path}: attributes cannot be encoded") from error
    return Encoded(body, {"Content-Type": "application/json"})


def _is_numeric(dtype: np.dtype) -> bool:
    return dtype.kind in "biuf"


def _is_complex(dtype: np.dtype) -> bool:
    """complex64/128 (h5py's {r, i} compounds): npy and bin carry them as (real, imag) pairs."""
    return dtype.kind == "c" and dtype.itemsize in (8, 16)


def dataset_slice(
    found: Found, selection: str | None, fmt: str, dtype: str, max_bytes: int
) -> Encoded:
    """A selection of a dataset encoded as ``json``, ``npy``, ``bin``, ``csv`` or ``tiff``;
    the dataset's notes (e.g. a missing virtual source) in an ``X-Nxviz-Notes`` header."""
    encoded = _dataset_slice(found, selection, fmt, dtype, max_bytes)
    if found.notes:
        encoded.headers["X-Nxviz-Notes"] = to_json(list(iter_notes(found.notes))).decode()
    return encoded


def _dataset_slice(
    found: Found, selection: str | None, fmt: str, dtype: str, max_bytes: int
) -> Encoded:
    if not isinstance(found.entity, h5py.Dataset):
        raise UsageError(f"{found.path} is not a dataset")
    dataset: h5py.Dataset = found.entity
    if dataset.shape is None:  # an empty (null dataspace) dataset
        if fmt != "json":
            raise UnsupportedTypeError(f"{found.path} is empty: ask for format=json")
        return Encoded(b"null", {"Content-Type": "application/json"})
    sel = parse_selection(selection, tuple(dataset.shape))
    nbytes = sel.nbytes(dataset.dtype)
    if nbytes > max_bytes:
        raise TooLargeError(f"{nbytes} bytes asked, the limit is {max_bytes}: select less")
    if fmt == "json" and sel.size > JSON_MAX_ELEMENTS:
        raise TooLargeError(f"{sel.size} values are too many for JSON: ask for npy or bin")
    numeric = _is_numeric(dataset.dtype)
    binary = numeric or _is_complex(dataset.dtype)
    if fmt in ("npy", "bin") and not binary:
        raise UnsupportedTypeError(f"{found.path}: {fmt} is for numeric data; ask for json")
    if fmt in DOWNLOADS and not numeric:
        raise UnsupportedTypeError(f"{found.path}: {fmt} is for real numbers; ask for json")
    if dtype == "safe" and not numeric:
        raise UnsupportedTypeError(f"{found.path}: dtype=safe is for numeric data")
    data = read_selection(dataset, sel)
    if dtype == "safe":
        try:
            data = convert(np.asarray(data) if np.ndim(data) else data, "safe")
        except QueryArgumentError as error:
            raise UnsupportedTypeError(str(error)) from error
    if fmt == "json":
        try:
            return Encoded(to_json(data), {"Content-Type": "application/json"})
        except TypeError as error:
            raise UnsupportedTypeError(f"{found.path}: cannot be encoded as JSON") from error
    array = np.ascontiguousarray(data)
    if fmt in DOWNLOADS:
        body, headers = download(array, fmt, found.path)
        return Encoded(body, headers)
    response = encode(array, fmt)
    headers = {
        "Content-Type": "application/octet-stream",
        "X-Nxviz-Dtype": array.dtype.str,
        "X-Nxviz-Shape": ",".join(str(n) for n in array.shape),
    }
    if fmt == "npy":
        headers["Content-Disposition"] = f'attachment; filename="{file_stem(found.path)}.npy"'
    return Encoded(response.content, headers)
