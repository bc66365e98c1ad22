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
from nxviz.hdf5.limits import (
    check_json,
    checkpoint,
    chunk_bytes,
    claim,
    decoded_bytes,
    json_limit,
    nbytes_of,
)
from nxviz.hdf5.locate import Found
from nxviz.hdf5.select import Selection, parse_selection, read_selection

#: attributes answered at once by ``attr``
MAX_ATTRIBUTES = 10_000

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
    count = len(names) if names else int(h5py.h5o.get_info(found.entity.id).num_attrs)
    if count > MAX_ATTRIBUTES:
        raise TooLargeError(
            f"{found.path} has {count} attributes, more than {MAX_ATTRIBUTES} are not answered "
            "at once: ask for some by name (name=...), listed a page at a time by meta"
        )
    wanted = names or list(attrs.keys())
    stored = 0
    for name in wanted:
        if name not in attrs:
            raise EntityNotFoundError(f"{found.path}: no attribute {name!r}")
        stored += _attribute_size(found.entity, name)
    hint = "ask for fewer attributes by name (name=...)"
    check_json(stored, what=f"{found.path}: the attributes asked for", hint=hint)
    claim(stored, 3 * stored, what=f"{found.path}: the attributes asked for", hint=hint)
    values: dict[str, Any] = {}
    for name in wanted:
        try:
            values[name] = attrs[name]
        except (OSError, TypeError) as error:
            raise UnsupportedTypeError(f"{found.path}@{name}: cannot be read ({error})") from error
        checkpoint()
    try:
        body = to_json(values)
    except TypeError as error:
        raise UnsupportedTypeError(f"{found.path}: attributes cannot be encoded") from error
    check_json(len(body), what=f"{found.path}: the attributes asked for", hint=hint)
    return Encoded(body, {"Content-Type": "application/json"})


def _attribute_size(entity: Any, name: str) -> int:
    """Bytes an attribute's value takes (its stored size; variable-length data is counted
    when it is read)."""
    try:
        aid = h5py.h5a.open(entity.id, name.encode("utf-8", "surrogateescape"))
        return max(int(aid.get_storage_size()), int(aid.dtype.itemsize))
    except (KeyError, OSError, TypeError, ValueError):
        return 0


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
    hint = "select a smaller part of the dataset"
    claim(
        decoded_bytes(dataset, sel.members),
        chunk_bytes(dataset) + 2 * nbytes,
        what=f"{found.path}: this selection",
        hint=hint,
    )
    numeric = _is_numeric(dataset.dtype)
    binary = numeric or _is_complex(dataset.dtype)
    if fmt in ("npy", "bin") and not binary:
        raise UnsupportedTypeError(f"{found.path}: {fmt} is for numeric data; ask for json")
    if fmt in DOWNLOADS and not numeric:
        raise UnsupportedTypeError(f"{found.path}: {fmt} is for real numbers; ask for json")
    if dtype == "safe" and not numeric:
        raise UnsupportedTypeError(f"{found.path}: dtype=safe is for numeric data")
    if dataset.dtype.kind == "O":  # variable length: sized as it is read
        data = _read_variable(dataset, sel, found.path)
    elif sel.nbytes(dataset.dtype) > BLOCK_BYTES and dataset.chunks is not None:
        data = _read_in_blocks(dataset, sel)
    else:
        data = read_selection(dataset, sel)
    if dtype == "safe":
        try:
            data = convert(np.asarray(data) if np.ndim(data) else data, "safe")
        except QueryArgumentError as error:
            raise UnsupportedTypeError(str(error)) from error
    if fmt == "json":
        try:
            body = to_json(data)
        except TypeError as error:
            raise UnsupportedTypeError(f"{found.path}: cannot be encoded as JSON") from error
        check_json(len(body), what=f"{found.path}: this selection", hint=hint)
        return Encoded(body, {"Content-Type": "application/json"})
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


#: a chunked selection larger than this is read a band of chunks at a time, and stops between
#: bands once its client has left
BLOCK_BYTES = 8 << 20


def _read_in_blocks(dataset: h5py.Dataset, sel: Selection) -> Any:
    """``read_selection`` in bands of whole chunks along the first sliced axis, with a
    checkpoint between bands."""
    members = list(sel.members)
    axis = next((i for i, m in enumerate(members) if isinstance(m, slice)), None)
    if axis is None:
        return read_selection(dataset, sel)
    whole = members[axis]
    assert isinstance(whole, slice)
    indices = range(*whole.indices(int(dataset.shape[axis])))
    per_band = max(1, int(dataset.chunks[axis]) // max(1, indices.step))
    out = np.empty(sel.shape, dtype=dataset.dtype)
    result_axis = sum(1 for m in members[:axis] if isinstance(m, slice))
    for first in range(0, len(indices), per_band):
        checkpoint()
        part = indices[first : first + per_band]
        members[axis] = slice(part.start, part.stop, part.step)
        band = read_selection(dataset, Selection(tuple(members), sel.shape))
        where = [slice(None)] * out.ndim
        where[result_axis] = slice(first, first + len(part))
        out[tuple(where)] = band
    return out


#: variable-length values are read this many at a time, their size counted between reads
VARIABLE_BLOCK = 16


def _read_variable(dataset: h5py.Dataset, sel: Selection, path: str) -> Any:
    """A selection of variable-length values (strings), read a block at a time along its
    first sliced axis; refused (413) as soon as what was read exceeds the JSON limit."""
    limit = json_limit()
    members = list(sel.members)
    axis = next((i for i, m in enumerate(members) if isinstance(m, slice)), None)
    if limit is None or axis is None:
        return read_selection(dataset, sel)
    whole = members[axis]
    assert isinstance(whole, slice)
    indices = range(*whole.indices(int(dataset.shape[axis])))
    result_axis = sum(1 for m in members[:axis] if isinstance(m, slice))
    blocks: list[np.ndarray] = []
    total = 0
    for first in range(0, len(indices), VARIABLE_BLOCK):
        part = indices[first : first + VARIABLE_BLOCK]
        members[axis] = slice(part.start, part.stop, part.step)
        block = np.asarray(read_selection(dataset, Selection(tuple(members), sel.shape)))
        total += nbytes_of(block)
        check_json(total, what=f"{path}: this selection", hint="select fewer values")
        blocks.append(block)
    if not blocks:
        return read_selection(dataset, sel)
    return np.concatenate(blocks, axis=result_axis)
