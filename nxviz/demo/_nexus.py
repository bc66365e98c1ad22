"""Small writers shared by the demo files: NeXus groups, fields with units, links."""

from __future__ import annotations

from typing import Any

import h5py
import numpy as np

#: Every demo file was "measured" on this day; times stay fixed so rewrites are identical.
START_TIME = "2026-03-14T09:26:53.589+01:00"
END_TIME = "2026-03-14T09:27:04.821+01:00"


def group(parent: h5py.Group, name: str, nx_class: str, **attrs: Any) -> h5py.Group:
    """Create ``parent/name`` with ``@NX_class`` and any further attributes."""
    created = parent.create_group(name)
    created.attrs["NX_class"] = nx_class
    for key, value in attrs.items():
        created.attrs[key] = value
    return created


def field(
    parent: h5py.Group, name: str, value: Any, *, units: str | None = None, **attrs: Any
) -> h5py.Dataset:
    """Create a small dataset, with ``@units`` when given."""
    created = parent.create_dataset(name, data=value)
    if units is not None:
        created.attrs["units"] = units
    for key, item in attrs.items():
        created.attrs[key] = item
    return created


def transformation(
    parent: h5py.Group,
    name: str,
    value: Any,
    *,
    kind: str,
    vector: tuple[float, float, float],
    units: str,
    depends_on: str,
    offset: tuple[float, float, float] | None = None,
) -> h5py.Dataset:
    """One NXtransformations axis: a rotation or translation along ``vector``."""
    extra = {} if offset is None else {"offset": np.asarray(offset, dtype=np.float64)}
    return field(
        parent,
        name,
        value,
        units=units,
        transformation_type=kind,
        vector=np.asarray(vector, dtype=np.float64),
        depends_on=depends_on,
        **extra,
    )


def root_attributes(file: h5py.File, name: str, default: str = "entry") -> None:
    """The NXroot attributes every demo file carries."""
    file.attrs["NX_class"] = "NXroot"
    file.attrs["file_name"] = name
    file.attrs["file_time"] = START_TIME
    file.attrs["creator"] = "nxviz demo"
    file.attrs["HDF5_Version"] = h5py.version.hdf5_version
    file.attrs["h5py_version"] = h5py.version.version
    file.attrs["default"] = default


def entry(file: h5py.File, definition: str | None, title: str, default: str) -> h5py.Group:
    """``/entry`` with its definition, title, times and ``@default``."""
    created = group(file, "entry", "NXentry", default=default)
    if definition is not None:
        field(created, "definition", definition)
    field(created, "title", title)
    field(created, "start_time", START_TIME)
    field(created, "end_time", END_TIME)
    return created


def nxdata(
    parent: h5py.Group,
    name: str,
    signal: str,
    axes: list[str],
    *,
    auxiliary: list[str] | None = None,
) -> h5py.Group:
    """An NXdata group with ``@signal``, ``@axes`` and optional ``@auxiliary_signals``."""
    created = group(parent, name, "NXdata", signal=signal, axes=axes)
    for index, axis in enumerate(axes):
        if axis != ".":
            created.attrs[f"{axis}_indices"] = np.int32(index)
    if auxiliary:
        created.attrs["auxiliary_signals"] = auxiliary
    return created
