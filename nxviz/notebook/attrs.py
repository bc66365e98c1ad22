"""Reading NeXus annotations: text attributes, NX classes, axis labels, child groups by class."""

from __future__ import annotations

from typing import Any

import h5py
import numpy as np


def text_attr(obj: Any, name: str) -> str | None:
    """An attribute as text (str, bytes or a one-element array of either), else None."""
    try:
        value = obj.attrs.get(name)
    except (OSError, TypeError, KeyError):
        return None
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(-1)[0]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else None


def nx_class(obj: Any) -> str | None:
    return text_attr(obj, "NX_class")


def label_of(dataset: h5py.Dataset, fallback: str) -> str:
    """``@long_name`` (or the name) with ``@units`` appended unless the label carries them."""
    label = text_attr(dataset, "long_name") or fallback
    units = text_attr(dataset, "units")
    if units and f"({units})" not in label and f"[{units}]" not in label:
        label = f"{label} ({units})"
    return label


def groups_of_class(group: h5py.Group, wanted: str) -> list[tuple[str, h5py.Group]]:
    """The child groups of NX class ``wanted``, by name (unreadable children are skipped)."""
    found = []
    for name in sorted(group):
        try:
            child = group.get(name)
        except (KeyError, OSError):
            continue
        if isinstance(child, h5py.Group) and nx_class(child) == wanted:
            found.append((name, child))
    return found
