"""Metadata-only, link-aware traversal of an HDF5 file into an immutable tree of :class:`Node`.

The walker reads names, links, shapes, dtypes and attributes, and the values only of strings,
scalars and small arrays: its cost grows with the number of objects, never with bytes. A broken
soft or external link becomes a node of kind ``BROKEN``, never an exception.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import h5py
import numpy as np

#: Datasets with at most this many elements have their value read (strings, scalars, vectors).
SMALL = 64
_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return _EMPTY


class Kind(enum.Enum):
    GROUP = "group"
    FIELD = "field"
    BROKEN = "broken"


@dataclass(frozen=True)
class LinkInfo:
    """How a node was reached: ``soft`` or ``external`` (with the file), and the target path."""

    kind: str
    target: str
    file: str | None = None


@dataclass(frozen=True, eq=False)
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


def text(value: Any) -> Any:
    """Bytes and arrays of bytes as str; other values unchanged."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, np.ndarray) and value.dtype.kind in "SO":
        return np.array([text(v) for v in value.ravel()], dtype=object).reshape(value.shape)
    return value


def _attribute_value(value: Any) -> Any:
    """Attribute values as rules read them: a one-element array of strings is its string."""
    value = text(value)
    if isinstance(value, np.ndarray) and value.size == 1 and isinstance(value.flat[0], str):
        return value.flat[0]
    return value


def _attributes(obj: Any) -> Mapping[str, Any]:
    values: dict[str, Any] = {}
    try:
        names = list(obj.attrs)
    except (OSError, RuntimeError, KeyError):
        return _EMPTY
    for name in names:
        try:
            values[name] = _attribute_value(obj.attrs[name])
        except (OSError, RuntimeError, KeyError, TypeError, ValueError):
            values[name] = None  # present but unreadable (e.g. an unsupported type)
    return MappingProxyType(values) if values else _EMPTY


def _small_value(dataset: Any) -> Any:
    shape = dataset.shape
    if shape is None or dataset.dtype.kind == "V":
        return None
    if int(np.prod(shape, dtype=np.int64)) > SMALL:
        return None
    try:
        return text(dataset[()])
    except (OSError, RuntimeError, TypeError, ValueError):
        return None  # e.g. a missing filter: the value stays unknown


@dataclass
class _Walker:
    file: h5py.File
    count: int = 0
    ancestors: list[int] = field(default_factory=list)

    def walk(self) -> Node:
        root = self.file["/"]
        return self._group(root, "/", "", None)

    def _group(self, group: Any, path: str, name: str, link: LinkInfo | None) -> Node:
        identity = hash(group.id)
        children: dict[str, Node] = {}
        if identity not in self.ancestors:  # a link back to an ancestor is not followed again
            self.ancestors.append(identity)
            try:
                names = list(group)
            except (OSError, RuntimeError, KeyError):
                names = []
            for child in names:
                node = self._member(group, path, child)
                children[child] = node
            self.ancestors.pop()
        self.count += 1
        return Node(
            path=path or "/",
            name=name,
            kind=Kind.GROUP,
            attrs=_attributes(group),
            link=link,
            children=MappingProxyType(children),
            identity=identity,
        )

    def _member(self, group: Any, parent: str, name: str) -> Node:
        path = f"{parent.rstrip('/')}/{name}"
        try:
            raw = group.get(name, getlink=True)
        except (OSError, RuntimeError, KeyError, TypeError):
            raw = None
        link: LinkInfo | None = None
        if isinstance(raw, h5py.SoftLink):
            target = raw.path if raw.path.startswith("/") else f"{parent.rstrip('/')}/{raw.path}"
            link = LinkInfo("soft", target)
        elif isinstance(raw, h5py.ExternalLink):
            link = LinkInfo("external", raw.path, raw.filename)
        try:
            obj = group[name]
        except (OSError, RuntimeError, KeyError, ValueError) as error:
            self.count += 1
            return Node(path, name, Kind.BROKEN, link=link, problem=str(error))
        if isinstance(obj, h5py.Group):
            return self._group(obj, path, name, link)
        if isinstance(obj, h5py.Dataset):
            self.count += 1
            return Node(
                path=path,
                name=name,
                kind=Kind.FIELD,
                attrs=_attributes(obj),
                shape=obj.shape,
                dtype=obj.dtype,
                value=_small_value(obj),
                link=link,
                identity=hash(obj.id),
            )
        self.count += 1  # a named datatype: not a NeXus object
        return Node(path, name, Kind.BROKEN, link=link, problem="a named datatype, not data")


@dataclass(frozen=True)
class Tree:
    """A walked file: its root node and every node by path."""

    root: Node
    index: Mapping[str, Node]

    def get(self, path: str) -> Node | None:
        return self.index.get(path.rstrip("/") or "/")

    def resolve(self, base: Node, path: str) -> Node | None:
        """``path`` absolute, or relative to the group ``base``; ``.``/``..`` understood."""
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
    yield node
    for child in node.children.values():
        yield from iter_nodes(child)


def walk(file: h5py.File) -> Tree:
    """The metadata tree of an open file."""
    root = _Walker(file).walk()
    return Tree(root, MappingProxyType({n.path: n for n in iter_nodes(root)}))
