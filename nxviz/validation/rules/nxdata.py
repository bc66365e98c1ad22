"""Rule 9, NXdata: @signal names a field; @axes entries exist or are "."; AXISNAME_indices
lie within the signal's rank; axis lengths fit the signal (or one more, for bin edges);
errors have the shape of what they qualify."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from nxviz.validation.issues import Code, Issue, issue
from nxviz.validation.walk import Node


def _names(value: Any) -> list[str]:
    """@axes as a list: an array of strings, or one string (old ``a:b`` / ``a,b`` forms)."""
    if value is None:
        return []
    if isinstance(value, str):
        for separator in (":", ","):
            if separator in value:
                return [part.strip() for part in value.split(separator)]
        return [value.strip()]
    return [str(v).strip() for v in np.asarray(value, dtype=object).ravel()]


def _signal(group: Node) -> tuple[str | None, Iterator[Issue] | None]:
    value = group.attrs.get("signal")
    if isinstance(value, str):
        return value, None
    legacy = [c.name for c in group.children.values() if c.is_field and "signal" in c.attrs]
    if value is None and legacy:
        return legacy[0], None
    where = f"{group.path}@signal"
    if value is None:  # optional in NXdata: only the default plot is lost
        message = "no @signal names the plotted field: no default plot can be drawn"
        return None, iter([issue(Code.NXDATA_NO_SIGNAL, where, message, "NXdata@signal")])
    message = "@signal is not a string"
    return None, iter([issue(Code.NXDATA_SIGNAL, where, message, "NXdata@signal")])


def _indices(value: Any) -> list[int] | None:
    try:
        return [int(v) for v in np.asarray(value).ravel()]
    except (TypeError, ValueError):
        return None


def check(group: Node) -> Iterator[Issue]:
    if group.nx_class != "NXdata" or group.problem:
        return
    name, problem = _signal(group)
    if problem is not None:
        yield from problem
        return
    assert name is not None
    signal = group.child(name)
    if signal is None or not signal.is_field:
        yield issue(
            Code.NXDATA_SIGNAL,
            f"{group.path}@signal",
            f"@signal names {name!r}, which is not a field here",
            "NXdata@signal",
        )
        return
    shape = signal.shape or ()
    rank = len(shape)
    axes = _names(group.attrs.get("axes"))
    if axes and len(axes) != rank and rank > 0:
        yield issue(
            Code.NXDATA_AXES,
            f"{group.path}@axes",
            f"{len(axes)} @axes entries for a signal of rank {rank}",
            "NXdata@axes",
        )
    for key in [k for k in group.attrs if k.endswith("_indices")]:
        value = group.attrs[key]
        indices = None if isinstance(value, str) else _indices(value)
        if isinstance(value, str):
            message = f"{key} is stored as a string ({value!r}); NXdata expects integers"
        elif indices is None or any(not 0 <= i < max(rank, 1) for i in indices):
            message = f"{key} = {value!r} is outside the signal's rank {rank}"
        else:
            continue
        yield issue(Code.NXDATA_INDICES, f"{group.path}@{key}", message, "NXdata@AXISNAME_indices")
    listed = set(axes)
    for key in [k for k in group.attrs if k.endswith("_indices")]:
        coordinate = group.child(key[: -len("_indices")])
        if coordinate is not None and coordinate.is_field and coordinate.name not in listed:
            yield from _axis_length(group, coordinate, -1, shape)  # a coordinate not in @axes
    for position, axis_name in enumerate(axes):
        if axis_name == ".":
            continue
        axis = group.child(axis_name)
        if axis is None or not axis.is_field:
            yield issue(
                Code.NXDATA_AXES,
                f"{group.path}@axes",
                f"axis {axis_name!r} is not a field here",
                "NXdata@axes",
            )
            continue
        yield from _axis_length(group, axis, position, shape)
    yield from _errors(group, signal)


def _axis_length(group: Node, axis: Node, position: int, shape: tuple[int, ...]) -> Iterator[Issue]:
    indices = _indices(group.attrs.get(f"{axis.name}_indices", position)) or [position]
    axis_shape = axis.shape or (1,)
    for k, index in enumerate(indices):
        if k >= len(axis_shape) or not 0 <= index < len(shape):
            return
        if axis_shape[k] not in (shape[index], shape[index] + 1):
            yield issue(
                Code.NXDATA_AXIS_LENGTH,
                axis.path,
                f"axis length {axis_shape[k]} does not fit signal dimension {index} "
                f"of length {shape[index]}",
                "NXdata/AXISNAME",
            )


def _errors(group: Node, signal: Node) -> Iterator[Issue]:
    for child in group.children.values():
        if not child.is_field:
            continue
        if child.name == "errors":
            of: Node | None = signal
        elif child.name.endswith("_errors"):
            of = group.child(child.name[: -len("_errors")])
        else:
            continue
        if of is None or not of.is_field or child.shape == of.shape:
            continue
        yield issue(
            Code.NXDATA_ERRORS_SHAPE,
            child.path,
            f"shape {child.shape} differs from {of.name}'s {of.shape}",
            "NXdata/FIELDNAME_errors",
        )
