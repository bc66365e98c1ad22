"""``nxviz.tree``: a file's hierarchy as collapsible HTML (``<details>``/``<summary>``) and text.

Groups show their NX class, fields their shape, dtype and units, links their target (a soft
link's path, an external link's file and path, or the first path of an object reached again
through a hard link); links are listed, never followed, so the picture is of this file.
Everything that comes from the file is escaped. Big files are cut: at most :data:`MAX_CHILDREN`
children per group and :data:`MAX_NODES` entries in all, with a note of what was left out.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import h5py

from nxviz.hdf5.meta import nx_class_of
from nxviz.hdf5.nexus import attr_text
from nxviz.hdf5.open import open_readonly
from nxviz.notebook.plotting import local_file

MAX_CHILDREN = 200
MAX_NODES = 5000
OPEN_DEPTH = 2

_STYLE = (
    "<style>"
    ".nxviz-tree{font-family:var(--jp-code-font-family,monospace);font-size:12px}"
    ".nxviz-tree ul{list-style:none;margin:0;padding-left:1.2em}"
    ".nxviz-tree .nxclass{color:#0b6fa4}.nxviz-tree .meta{color:#777}"
    ".nxviz-tree .link{color:#a0522d}"
    "</style>"
)


@dataclass
class Node:
    """One member of the tree as it is shown."""

    name: str
    kind: str  # group, dataset, soft, external, hard, datatype, other
    detail: str = ""
    nx_class: str | None = None
    children: list[Node] = field(default_factory=list)
    omitted: int = 0


def dtype_text(dtype: Any) -> str:
    string = h5py.check_string_dtype(dtype)
    if string is not None:
        return f"string ({string.encoding})"
    if h5py.check_enum_dtype(dtype) is not None:
        return f"enum ({dtype.base})"
    if dtype.names:
        return "compound (" + ", ".join(f"{n}: {dtype.fields[n][0]}" for n in dtype.names) + ")"
    return str(dtype)


def _dataset_detail(dataset: h5py.Dataset) -> str:
    if dataset.shape is None:
        shape = "empty"
    elif dataset.shape == ():
        shape = "scalar"
    else:
        shape = " × ".join(str(n) for n in dataset.shape)
    units = attr_text(dataset, "units")
    return f"{shape} {dtype_text(dataset.dtype)}" + (f" [{units}]" if units else "")


class _Builder:
    def __init__(self) -> None:
        self.count = 0
        self.seen: dict[Any, str] = {}

    def group(self, group: h5py.Group, name: str, path: str) -> Node:
        self.seen.setdefault(group, path)
        node = Node(name, "group", nx_class=nx_class_of(group))
        names = list(group)
        for child in names[:MAX_CHILDREN]:
            if self.count >= MAX_NODES:
                break
            self.count += 1
            node.children.append(self.member(group, str(child), f"{path.rstrip('/')}/{child}"))
        node.omitted = len(names) - len(node.children)
        return node

    def member(self, parent: h5py.Group, name: str, path: str) -> Node:
        try:
            link = parent.get(name, getlink=True)
        except (KeyError, OSError, ValueError):
            return Node(name, "other", "unreadable link")
        if isinstance(link, h5py.SoftLink):
            return Node(name, "soft", f"→ {link.path}")
        if isinstance(link, h5py.ExternalLink):
            return Node(name, "external", f"→ {link.filename}:{link.path}")
        try:
            item = parent[name]
        except (KeyError, OSError) as error:
            return Node(name, "other", f"cannot be opened ({error})")
        # h5py objects compare equal (and hash alike) when they are the same HDF5 object.
        if item in self.seen:
            return Node(name, "hard", f"→ {self.seen[item]} (hard link)")
        if isinstance(item, h5py.Group):
            return self.group(item, name, path)
        self.seen[item] = path
        if isinstance(item, h5py.Dataset):
            return Node(name, "dataset", _dataset_detail(item))
        if isinstance(item, h5py.Datatype):
            return Node(name, "datatype", f"named type {dtype_text(item.dtype)}")
        return Node(name, "other")


def _html(node: Node, depth: int) -> str:
    name = html.escape(node.name)
    if node.kind != "group":
        css = "link" if node.kind in ("soft", "external", "hard") else "meta"
        return f'<li><b>{name}</b> <span class="{css}">{html.escape(node.detail)}</span></li>'
    label = f"<b>{name}</b>"
    if node.nx_class:
        label += f' <span class="nxclass">{html.escape(node.nx_class)}</span>'
    items = "".join(_html(child, depth + 1) for child in node.children)
    if node.omitted:
        items += f'<li class="meta">… {node.omitted} more not shown</li>'
    opened = " open" if depth < OPEN_DEPTH else ""
    return f"<li><details{opened}><summary>{label}</summary><ul>{items}</ul></details></li>"


def _text(node: Node, prefix: str, lines: list[str]) -> None:
    for index, child in enumerate(node.children):
        last = index == len(node.children) - 1 and not node.omitted
        branch, indent = ("└── ", "    ") if last else ("├── ", "│   ")
        what = (child.nx_class or "") if child.kind == "group" else child.detail
        lines.append(f"{prefix}{branch}{child.name}" + (f"  {what}" if what else ""))
        if child.kind == "group":
            _text(child, prefix + indent, lines)
    if node.omitted:
        lines.append(f"{prefix}└── … {node.omitted} more")


class Tree:
    """A file's tree; ``_repr_html_`` for notebooks, ``str`` for consoles."""

    def __init__(self, file: Path, root: Node) -> None:
        self.file = file
        self.root = root

    def _repr_html_(self) -> str:
        title = html.escape(self.file.name)
        if self.root.nx_class:
            title += f' <span class="nxclass">{html.escape(self.root.nx_class)}</span>'
        body = "".join(_html(child, 1) for child in self.root.children)
        if self.root.omitted:
            body += f'<li class="meta">… {self.root.omitted} more not shown</li>'
        return (
            f'<div class="nxviz-tree">{_STYLE}<details open><summary><b>{title}</b></summary>'
            f"<ul>{body}</ul></details></div>"
        )

    def __str__(self) -> str:
        lines = [self.file.name + (f"  {self.root.nx_class}" if self.root.nx_class else "")]
        _text(self.root, "", lines)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)


def tree(path: str | os.PathLike[str]) -> Tree:
    """The tree of the HDF5 file at ``path``, shown collapsible in a notebook."""
    file = local_file(path)
    with open_readonly(file) as h5file:
        return Tree(file, _Builder().group(h5file["/"], "/", "/"))
