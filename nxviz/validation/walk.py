"""Metadata-only, link-aware traversal of an HDF5 file into an immutable tree of :class:`Node`.

The walker reads names, links, shapes, dtypes and attributes, and the values only of strings,
scalars and small arrays: its cost grows with the number of objects, never with bytes. A broken
soft or external link becomes a node of kind ``BROKEN``, never an exception.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import h5py
import numpy as np

from nxviz.hdf5.locate import Guard

#: Datasets with at most this many elements have their value read (strings, scalars, vectors).
SMALL = 64
_EMPTY: Mapping[str, Any] = MappingProxyType({})


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
    """Bytes and arrays of bytes as str (UTF-8, else Latin-1); other values unchanged."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:  # old writers store Latin-1 ("Å") in ASCII strings
            return value.decode("latin-1")
    if isinstance(value, np.ndarray) and value.dtype.kind in "SO":
        return np.array([text(v) for v in value.ravel()], dtype=object).reshape(value.shape)
    return value


def _attribute_value(value: Any) -> Any:
    """Attribute values as rules read them: a one-element array of strings is its string."""
    value = text(value)
    if isinstance(value, np.ndarray) and value.size == 1 and isinstance(value.flat[0], str):
        return value.flat[0]
    return value


_ERRORS = (OSError, RuntimeError, KeyError, TypeError, ValueError)


def _read(source: Any, shape: tuple[int, ...], dtype: np.dtype[Any]) -> Any:
    """Read a whole attribute or dataset through h5py's low-level API (no per-call wrappers)."""
    array = np.zeros(shape, dtype=dtype)
    if 0 not in shape:
        memory_type = h5py.h5t.py_create(dtype)
        if isinstance(source, h5py.h5a.AttrID):
            source.read(array, mtype=memory_type)
        else:
            source.read(h5py.h5s.ALL, h5py.h5s.ALL, array, mtype=memory_type)
    return array[()] if shape == () else array


def _attributes(oid: Any) -> Mapping[str, Any]:
    values: dict[str, Any] = {}
    try:
        count = h5py.h5a.get_num_attrs(oid)
    except _ERRORS:
        return _EMPTY
    for index in range(count):
        name = f"#{index}"
        try:
            attr = h5py.h5a.open(oid, index=index)
            name = attr.name.decode("utf-8", errors="replace")
            shape, dtype = attr.shape, attr.dtype
            if shape is None or dtype.subdtype is not None:
                values[name] = None  # an empty attribute, or an array type
                continue
            values[name] = _attribute_value(_read(attr, shape, dtype))
        except _ERRORS:
            values[name] = None  # present but unreadable (e.g. an unsupported type)
    return MappingProxyType(values) if values else _EMPTY


def _small_value(dataset: Any) -> Any:
    shape, dtype = dataset.shape, dataset.dtype
    if shape is None or dtype.kind == "V" or dtype.subdtype is not None:
        return None
    if int(np.prod(shape, dtype=np.int64)) > SMALL:
        return None
    try:
        return text(_read(dataset, shape, dtype))
    except _ERRORS:
        return None  # e.g. a missing filter: the value stays unknown


def _shared(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """numpy's own instance of a plain dtype, so 20,000 float fields share one object."""
    return np.dtype(dtype.str) if dtype.metadata is None and dtype.fields is None else dtype


def _link(gid: Any, parent: str, raw: bytes) -> LinkInfo | None:
    try:
        kind = gid.links.get_info(raw).type
        if kind == h5py.h5l.TYPE_SOFT:
            target = gid.links.get_val(raw).decode("utf-8", errors="replace")
            if not target.startswith("/"):
                target = f"{parent.rstrip('/')}/{target}"
            return LinkInfo("soft", target)
        if kind == h5py.h5l.TYPE_EXTERNAL:
            file, target = gid.links.get_val(raw)
            return LinkInfo(
                "external", target.decode(errors="replace"), file.decode(errors="replace")
            )
    except _ERRORS:
        return LinkInfo("unknown", "")
    return None


#: The ``problem`` of a node behind an external link that leaves the allowed folder.
NOT_FOLLOWED = "the external link's file lies outside the allowed folder; not followed"


@dataclass
class _Walker:
    file: h5py.File
    #: when set, external links are followed only into files under this folder
    confine_to: Path | None = None
    guard: Guard | None = None
    count: int = 0
    ancestors: list[int] = field(default_factory=list)

    def walk(self) -> Node:
        return self._group(h5py.h5o.open(self.file.id, b"/"), "/", "", None)

    def _group(self, gid: Any, path: str, name: str, link: LinkInfo | None) -> Node:
        identity = hash(gid)
        children: dict[str, Node] = {}
        problem = ""
        if identity in self.ancestors:  # a link back to an ancestor is not followed again
            problem = "a link to one of its own ancestors; its members are not walked again"
        else:
            self.ancestors.append(identity)
            try:
                names = list(gid)
            except _ERRORS:
                names = []
            for raw in names:
                node = self._member(gid, path, raw)
                children[node.name] = node
            self.ancestors.pop()
        self.count += 1
        return Node(
            path=path or "/",
            name=name,
            kind=Kind.GROUP,
            attrs=_attributes(gid),
            link=link,
            children=MappingProxyType(children),
            identity=identity,
            problem=problem,
        )

    def _member(self, gid: Any, parent: str, raw: bytes) -> Node:
        name = raw.decode("utf-8", errors="replace")
        path = f"{parent.rstrip('/')}/{name}"
        link = _link(gid, parent, raw)
        if link is not None and link.kind == "external" and not self._may_follow(gid, link):
            self.count += 1
            return Node(path, name, Kind.BROKEN, link=link, problem=NOT_FOLLOWED)
        try:
            oid = h5py.h5o.open(gid, raw)
        except _ERRORS as error:
            self.count += 1
            return Node(path, name, Kind.BROKEN, link=link, problem=str(error))
        if isinstance(oid, h5py.h5g.GroupID):
            return self._group(oid, path, name, link)
        self.count += 1
        if isinstance(oid, h5py.h5d.DatasetID):
            return Node(
                path=path,
                name=name,
                kind=Kind.FIELD,
                attrs=_attributes(oid),
                shape=oid.shape,
                dtype=_shared(oid.dtype),
                value=_small_value(oid) if self._may_read(oid, path) else None,
                link=link,
                identity=hash(oid),
            )
        return Node(path, name, Kind.BROKEN, link=link, problem="a named datatype, not data")

    def _may_follow(self, gid: Any, link: LinkInfo) -> bool:
        # found where HDF5 looks for it (prefix variables, the folder, the working directory)
        return self.guard is None or link.file is None or self.guard.may_follow(gid, link.file)

    def _may_read(self, oid: Any, path: str) -> bool:
        # no value from external storage or virtual sources outside the allowed folder
        return self.guard is None or self.guard.may_read(oid, path)


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


def walk(file: h5py.File, confine_to: Path | None = None) -> Tree:
    """The metadata tree of an open file; with ``confine_to``, external links into files
    outside that folder are not followed (their nodes are broken, with NOT_FOLLOWED)."""
    guard = Guard(confine_to, allow_hidden=True) if confine_to is not None else None
    try:
        root = _Walker(file, confine_to, guard).walk()
    finally:
        if guard is not None:
            guard.close()
    return Tree(root, MappingProxyType({n.path: n for n in iter_nodes(root)}))
