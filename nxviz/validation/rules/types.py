"""Rule 4, types: the HDF5 type (and, for small values, the value) of a field or attribute
against its NXDL type. h5py's boolean enum is a valid NX_BOOLEAN."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from nxviz.validation.h5types import is_string as _is_string
from nxviz.validation.issues import Code, Issue, issue


def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(np.asarray(value, dtype=object).ravel())


def _integers(dtype: np.dtype[Any], value: Any, low: int | None) -> bool:
    if dtype.kind not in "iu":
        return False
    return low is None or all(int(v) >= low for v in _values(value))


_OFFSET = re.compile(r"^(Z|[+-]\d{2}(:?\d{2})?)$")


def _iso8601(value: Any) -> bool:
    """ISO 8601 date-times, dates, and bare UTC offsets (as NXmx's time_zone)."""
    for text in _values(value):
        candidate = str(text).strip()
        if _OFFSET.match(candidate):
            continue
        if candidate.endswith("Z"):
            candidate = candidate[:-1] + "+00:00"
        try:
            dt.datetime.fromisoformat(candidate)
        except ValueError:
            return False
    return True


def _boolean(dtype: np.dtype[Any], value: Any) -> bool:
    if dtype.kind == "b":
        return True
    if dtype.kind in "iu":
        return all(int(v) in (0, 1) for v in _values(value))
    if _is_string(dtype):
        return all(str(v).lower() in ("true", "false", "0", "1") for v in _values(value))
    return False


_CHECKS: dict[str, Callable[[np.dtype[Any], Any], bool]] = {
    "NX_FLOAT": lambda t, v: t.kind == "f",
    "NX_INT": lambda t, v: t.kind in "iu",
    "NX_UINT": lambda t, v: _integers(t, v, 0),
    "NX_POSINT": lambda t, v: _integers(t, v, 1),
    "NX_NUMBER": lambda t, v: t.kind in "iufc",
    "NX_COMPLEX": lambda t, v: t.kind == "c",
    "NX_CCOMPLEX": lambda t, v: t.kind == "c",
    "NX_PCOMPLEX": lambda t, v: t.kind == "c",
    "NX_QUATERNION": lambda t, v: t.kind in "iuf",
    "NX_BOOLEAN": _boolean,
    "NX_CHAR": lambda t, v: _is_string(t),
    "NX_DATE_TIME": lambda t, v: _is_string(t) and _iso8601(v),
    # nxdlTypes.xsd: "any representation of binary data - if text, line terminator is [CR][LF]"
    "NX_BINARY": lambda t, v: (
        t.kind == "V" or (t.kind in "iu" and t.itemsize == 1) or _is_string(t)
    ),
    "NX_CHAR_OR_NUMBER": lambda t, v: _is_string(t) or t.kind in "iufc",
}


def attribute_dtype(value: Any) -> np.dtype[Any]:
    """The dtype an attribute value read by h5py stands for (str for strings)."""
    if isinstance(value, str):
        return np.dtype("U1")
    array = np.asarray(value)
    if array.dtype == object and all(isinstance(v, str) for v in array.ravel()):
        return np.dtype("U1")
    return array.dtype


def fits(nx_type: str | None, dtype: np.dtype[Any], value: Any) -> bool:
    """True when data of ``dtype`` (and ``value``, when read) is of the NXDL type."""
    check = _CHECKS.get(nx_type or "")
    return True if check is None else check(dtype, value)


def _describe(dtype: np.dtype[Any]) -> str:
    return "string" if _is_string(dtype) else str(dtype)


_BARE_LF = re.compile(r"(?<!\r)\n")


def line_terminators(path: str, value: Any, nxdl: str) -> Iterator[Issue]:
    """NX_BINARY text: nxdlTypes.xsd (NX_BINARY, line 678) "any representation of binary data
    - if text, line terminator is [CR][LF]"; a line ended by a bare LF is a warning."""
    texts = [value] if isinstance(value, str) else [v for v in _values(value) if isinstance(v, str)]
    bare = sum(len(_BARE_LF.findall(text)) for text in texts)
    if bare:
        yield issue(
            Code.LINE_TERMINATOR,
            path,
            f"NX_BINARY text with {bare} line(s) ended by a bare LF; its line terminator is "
            "[CR][LF]",
            nxdl,
        )


def check_data(
    path: str, nx_type: str | None, dtype: np.dtype[Any] | None, value: Any, nxdl: str
) -> Iterator[Issue]:
    if nx_type == "NX_BINARY" and dtype is not None and _is_string(dtype):
        yield from line_terminators(path, value, nxdl)
    if dtype is None or fits(nx_type, dtype, value):
        return
    detail = ""
    if nx_type == "NX_DATE_TIME" and _is_string(dtype):
        detail = f" ({_values(value)[0]!r} is not ISO 8601)"
    elif nx_type in ("NX_UINT", "NX_POSINT") and dtype.kind in "iu":
        detail = " (a value is out of range)"
    yield issue(
        Code.WRONG_TYPE, path, f"{_describe(dtype)} where {nx_type} is expected{detail}", nxdl
    )
