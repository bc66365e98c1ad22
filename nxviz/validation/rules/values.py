"""Values of large fields: a field of more than ``walk.SMALL`` elements is not read by the walk,
so its range (NX_UINT, NX_POSINT) and enumeration are checked on a bounded sample read here,
whole rows along the first axis (so whole chunks of a frame-chunked stack), at most
:data:`SAMPLE` elements. A finding says when only a sample was checked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from nxviz.definitions.model import FieldSpec
from nxviz.validation.issues import Issue
from nxviz.validation.rules import enumerations, types
from nxviz.validation.walk import Node

#: At most this many elements of one field are read.
SAMPLE = 1 << 20
_ERRORS = (OSError, RuntimeError, TypeError, ValueError)


def _wanted(node: Node, spec: FieldSpec) -> bool:
    dtype = node.dtype
    if not node.readable or node.value is not None or dtype is None or not node.shape:
        return False
    signed_range = spec.type in ("NX_UINT", "NX_POSINT") and dtype.kind in "iu"
    enumerated = spec.enumeration is not None and dtype.kind in "iuf" and spec.enumeration.items
    return bool(signed_range or enumerated)


def sample(file: Any, node: Node) -> tuple[Any, int, int] | None:
    """The first rows of a large numeric field (whole rows, at most SAMPLE elements), with the
    number of elements read and the field's total; None when it cannot be read."""
    import h5py  # here, not on every validation: a small file is walked without h5py

    from nxviz.hdf5.open import register_filters

    shape = node.shape or ()
    total = int(np.prod(shape, dtype=np.int64))
    row = int(np.prod(shape[1:], dtype=np.int64)) if len(shape) > 1 else 1
    rows = max(1, min(shape[0], SAMPLE // max(row, 1)))
    for attempt in range(2):
        try:
            dataset = h5py.Dataset(h5py.h5o.open(file.id, node.path.encode("utf-8")))
            values = dataset[:rows]
        except _ERRORS:
            # a filter hdf5plugin registers (imported only now): read again, once
            if attempt or not register_filters():
                return None  # e.g. a missing filter: the values stay unknown
        else:
            return values, int(values.size), total
    return None


def check(file: Any, node: Node, spec: FieldSpec) -> Iterator[Issue]:
    """``file`` is the open file the node was walked from (``Tree.file``)."""
    if file is None or not _wanted(node, spec):
        return
    read = sample(file, node)
    if read is None:
        return
    values, count, total = read
    note = "" if count == total else f" (checked the first {count:,} of {total:,} values)"
    low, high = values.min(), values.max()
    if spec.type in ("NX_UINT", "NX_POSINT"):
        for found in types.check_data(node.path, spec.type, node.dtype, [low], spec.nxdl_path):
            yield _noted(found, note)
    if spec.enumeration is not None:
        distinct = np.unique(values) if values.size <= SAMPLE else np.array([low, high])
        for value in distinct[:1000]:
            found_any = False
            for found in enumerations.check(node.path, value, spec.enumeration, spec.nxdl_path):
                yield _noted(found, note)
                found_any = True
            if found_any:
                break


def _noted(found: Issue, note: str) -> Issue:
    return Issue(found.path, found.code, found.message + note, found.nxdl) if note else found
