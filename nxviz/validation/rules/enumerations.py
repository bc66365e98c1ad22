"""Rule 6, enumerations: a field or attribute value outside its NXDL enumeration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from nxviz.definitions.errata import contradiction
from nxviz.definitions.model import Enumeration
from nxviz.validation.issues import Code, Issue, issue


def _same(value: Any, item: str) -> bool:
    if isinstance(value, str):
        return value.strip() == item.strip()
    try:
        return bool(float(value) == float(item))
    except (TypeError, ValueError):
        return str(value) == item


def _as_list(item: str) -> list[str] | None:
    text = item.strip()
    if text.startswith("[") and text.endswith("]"):
        return [part.strip().strip("'\"") for part in text[1:-1].split(",")]
    return None


def allowed(value: Any, enumeration: Enumeration) -> bool:
    """Whether ``value`` (scalar, or an array matching a ``[a, b, c]`` item) is allowed."""
    array = np.asarray(value, dtype=object)
    if array.ndim == 0 or array.size == 1:
        scalar = array.ravel()[0]
        return any(_same(scalar, item) for item in enumeration.items)
    flat = list(array.ravel())
    for item in enumeration.items:
        parts = _as_list(item)
        if parts is not None and len(parts) == len(flat):
            if all(_same(v, p) for v, p in zip(flat, parts, strict=True)):
                return True
    # an array of strings: each element must be allowed
    return all(any(_same(v, i) for i in enumeration.items) for v in flat)


def check(path: str, value: Any, enumeration: Enumeration | None, nxdl: str) -> Iterator[Issue]:
    if enumeration is None or value is None or not enumeration.items:
        return
    if allowed(value, enumeration):
        return
    shown = ", ".join(enumeration.items[:8]) + (", ..." if len(enumeration.items) > 8 else "")
    message = f"value {_show(value)} is not one of: {shown}"
    erratum = contradiction(nxdl, "enumeration")
    if erratum is not None:
        yield issue(Code.NXDL_CONTRADICTION, path, f"{message}; {erratum}", nxdl)
        return
    code = Code.NOT_IN_OPEN_ENUMERATION if enumeration.open else Code.NOT_IN_ENUMERATION
    yield issue(code, path, message, nxdl)


def _show(value: Any) -> str:
    if isinstance(value, np.ndarray) and value.size > 1:
        return repr(value.tolist())
    return repr(value.item() if isinstance(value, np.generic | np.ndarray) else value)
