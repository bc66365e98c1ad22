"""Metadata-only, link-aware traversal of an HDF5 file into an immutable tree of :class:`Node`.

The walker reads names, links, shapes, dtypes and attributes, and the values only of strings,
scalars and small arrays: its cost grows with the number of objects, never with bytes. A broken
soft or external link becomes a node of kind ``BROKEN``, never an exception.

A file opened by :func:`nxviz.validation.h5lib.open_native` is walked without importing h5py
as long as every object is a group or a dataset of numbers or strings reached by a hard link;
the first other case imports h5py and reads that object through it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from nxviz.validation import h5fast
from nxviz.validation.h5fast import EAGER as EAGER
from nxviz.validation.h5fast import SMALL as SMALL
from nxviz.validation.h5fast import text as text

_EMPTY: Mapping[str, Any] = h5fast.EMPTY


def _empty() -> Mapping[str, Any]:
    return _EMPTY


class Kind(enum.Enum):
    GROUP = "group"
    FIELD = "field"
    BROKEN = "broken"


@dataclass(frozen=True, slots=True)
class LinkInfo:
    """How a node was reached: ``soft`` or ``external`` (with the file), and the target path."""

    kind: str
    target: str
    file: str | None = None


@dataclass(frozen=True, eq=False, slots=True)
class Node:
    path: str
    name: str
    kind: Kind
    attrs: Mapping[str, Any] = field(default_factory=_empty)
    shape: tuple[int, ...] | None = None
    dtype: np.dtype[Any] | None = None
    #: the value of a small dataset (``str`` for strings), None when not read
    value: Any = None
    link: LinkInfo | None = None
    children: Mapping[str, Node] = field(default_factory=_empty)
    identity: int = 0
    problem: str = ""
    #: the path where this object was first reached, when this is another link to it
    alias_of: str = ""
    #: False when HDF5 would read this field's values from a file outside the allowed folder
    #: (external storage, virtual sources): no rule reads them
    readable: bool = True

    @property
    def nx_class(self) -> str | None:
        value = self.attrs.get("NX_class")
        return value if isinstance(value, str) else None

    @property
    def is_group(self) -> bool:
        return self.kind is Kind.GROUP

    @property
    def is_field(self) -> bool:
        return self.kind is Kind.FIELD

    def child(self, name: str) -> Node | None:
        return self.children.get(name)


#: The ``problem`` of a node behind an external link that leaves the allowed folder.
NOT_FOLLOWED = "the external link's file lies outside the allowed folder; not followed"

#: What one walk may visit unless told otherwise: objects and seconds.
MAX_OBJECTS = 5_000_000
MAX_SECONDS = 600.0


@dataclass(frozen=True)
class Tree:
    """A walked file: its root node and every node by path."""

    root: Node
    index: Mapping[str, Node]
    #: why the walk stopped before the end (its limit in objects or time), or ""
    stopped: str = ""
    #: the open file, for rules that read a bounded sample of a large value
    file: Any = None
    #: the walk stopped at its time limit
    out_of_time: bool = False

    def get(self, path: str) -> Node | None:
        return self.index.get(path.rstrip("/") or "/")

    def resolve(self, base: Node, path: str) -> Node | None:
        """``path`` absolute, or relative to the group ``base``; ``.``/``..`` understood."""
        if "/" not in path and path not in ("", ".", ".."):  # a sibling's name (depends_on)
            return self.index.get(f"{base.path.rstrip('/')}/{path}")
        if not path.startswith("/"):
            parts = [p for p in base.path.split("/") if p]
            for part in path.split("/"):
                if part == "..":
                    parts = parts[:-1]
                elif part not in ("", "."):
                    parts.append(part)
            path = "/" + "/".join(parts)
        return self.get(path)

    def parent(self, node: Node) -> Node | None:
        head = node.path.rsplit("/", 1)[0]
        return self.get(head or "/")


def iter_nodes(node: Node) -> Iterator[Node]:
    """``node`` and every node below it, each object once (aliases are not descended)."""
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        if not current.alias_of:
            pending.extend(reversed(list(current.children.values())))


def walk(
    file: Any,
    confine_to: Path | None = None,
    *,
    max_objects: int = MAX_OBJECTS,
    max_seconds: float = MAX_SECONDS,
) -> Tree:
    """The metadata tree of an open file; with ``confine_to``, external links into files
    outside that folder are not followed (their nodes are broken, with NOT_FOLLOWED), and no
    value is read from external storage or virtual sources outside it. The walk stops after
    ``max_objects`` objects or ``max_seconds``, saying so in ``Tree.stopped``. Attribute values
    are read on first use: keep the file open while the tree is used."""
    from nxviz.validation.walker import Walker  # it imports this module's Node

    guard = None
    if confine_to is not None:
        from nxviz.hdf5.locate import Guard

        guard = Guard(confine_to, allow_hidden=True)
    try:
        walker = Walker(file, confine_to, guard, max_objects, max_seconds)
        root = walker.walk()
    finally:
        if guard is not None:
            guard.close()
    index = MappingProxyType(walker.index)
    return Tree(root, index, walker.stopped, file, walker.out_of_time)
