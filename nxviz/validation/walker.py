"""The walk itself (:func:`nxviz.validation.walk.walk` runs it): each object opened once, read
by :mod:`~nxviz.validation.h5fast` where it can and through h5py where it must."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from nxviz.hdf5.limits import checkpoint
from nxviz.validation import h5fast, h5lib
from nxviz.validation.h5fast import EAGER, ERRORS
from nxviz.validation.walk import (
    MAX_OBJECTS,
    MAX_SECONDS,
    NOT_FOLLOWED,
    Kind,
    LinkInfo,
    Node,
)
from nxviz.validation.walkparts import (
    GROUP_ENTRY,
    RUN,
    SLOW_ENTRY,
    Handle,
    close_entries,
    h5py_attributes,
    link_of,
)

if TYPE_CHECKING:
    from nxviz.hdf5.locate import Guard

_EMPTY: Mapping[str, Any] = h5fast.EMPTY


@dataclass
class Walker:
    """An iterative walk (no recursion, so any nesting depth) that opens each object once by
    its address: a second hard link, or a link back to an ancestor, becomes an alias node
    sharing the first node's attributes and children, so a diamond of links 26 levels deep
    costs 52 objects, not 2**26 paths."""

    #: an ``h5py.File`` or an :class:`~nxviz.validation.h5lib.NativeFile`
    file: Any
    #: when set, external links are followed only into files under this folder
    confine_to: Path | None = None
    guard: Guard | None = None
    max_objects: int = MAX_OBJECTS
    max_seconds: float = MAX_SECONDS
    count: int = 0
    stopped: str = ""
    out_of_time: bool = False
    seen: dict[int, Node] = field(default_factory=dict)
    index: dict[str, Node] = field(default_factory=dict)
    fast: h5fast.Reader | None = None
    #: groups open and still to read: (group, its path, its members so far)
    pending: list[tuple[Handle, str, dict[str, Node]]] = field(default_factory=list)

    def walk(self) -> Node:
        deadline = time.monotonic() + self.max_seconds
        self.fast = fast = h5fast.reader()
        children: dict[str, Node] = {}
        handle = self._root()
        try:
            root = self._group(handle, "/", "", None, children)
        except BaseException:
            handle.close(fast)
            raise
        pending = self.pending
        pending.append((handle, "/", children))
        try:
            while pending:
                handle, path, members = pending[-1]
                del pending[-1]
                try:
                    if not self._members(handle, path, members, deadline):
                        return root
                finally:
                    handle.close(fast)
        finally:
            for handle, _, _ in pending:
                handle.close(fast)
        return root

    def _root(self) -> Handle:
        if isinstance(self.file, h5lib.NativeFile) and self.fast is not None:
            with h5lib.lock():
                hid = self.fast.open(self.file.hid, b"/")
            if hid >= 0:
                return Handle(hid)
        import h5py

        root = h5py.h5o.open(self.file.id, b"/")
        return Handle(root.id, root)

    def _members(
        self, handle: Handle, path: str, members: dict[str, Node], deadline: float
    ) -> bool:
        """Read a group's members into ``members``; False when the walk stops at a limit."""
        fast = self.fast
        fileno = self._fileno(handle.hid)
        if fast is not None and fast.group is not None and fileno is not None and not self.guard:
            return self._runs(handle, path, members, deadline, fileno)
        names: list[bytes] | None = None
        if fast is not None:
            with h5lib.lock():
                names = fast.names(handle.hid)
        else:
            try:
                names = list(handle.h5py())
            except ERRORS:
                names = None
        for raw in names or ():
            if not self._room(deadline):
                return False
            found = None
            if fileno is not None:
                with h5lib.lock():  # h5fast's buffers and HDF5 itself: one thread at a time
                    found = self._hard(handle.hid, fileno, path, raw)
            node, expand = found if found is not None else self._member(handle.h5py(), path, raw)
            members[node.name] = node
            if expand is not None:
                self.pending.append((expand[0], node.path, expand[1]))
        return True

    def _runs(
        self, handle: Handle, path: str, members: dict[str, Node], deadline: float, fileno: int
    ) -> bool:
        """:meth:`_members` by the compiled reader: the links listed once, their objects read
        in runs of :data:`RUN` (one call each); the same nodes, limits and order."""
        group = self.fast.group  # type: ignore[union-attr]
        with h5lib.lock():
            listed = group.links(handle.hid)
        if listed is None:
            return True
        names, table = listed
        for start in range(0, len(names), RUN):
            stop = min(len(names), start + RUN)
            with h5lib.lock():
                run = group.objects(handle.hid, names, table, start, stop, fileno, self.seen, EAGER)
            done = 0
            try:
                for entry in run:
                    if not self._room(deadline):
                        return False
                    done += 1
                    node, expand = self._entry(handle, path, entry)
                    members[node.name] = node
                    if expand is not None:
                        self.pending.append((expand[0], node.path, expand[1]))
            finally:
                close_entries(self.fast, run[done:])
        return True

    def _entry(
        self, handle: Handle, parent: str, entry: tuple[Any, ...]
    ) -> tuple[Node, tuple[Handle, dict[str, Node]] | None]:
        """One of the compiled reader's entries as :meth:`_hard` reads it."""
        kind = entry[1]
        if kind == SLOW_ENTRY:
            return self._member(handle.h5py(), parent, entry[0])
        name, identity = entry[0], entry[2]
        path = f"{parent.rstrip('/')}/{name}"
        first = self.seen.get(identity)
        if first is not None:  # read in this run through h5py by a soft link before it
            close_entries(self.fast, [entry])
            alias = replace(first, path=path, name=name, link=None, alias_of=first.path)
            return self._add(alias), None
        read = entry[4]
        attrs = h5fast.SLOW if read is None else MappingProxyType(read) if read else _EMPTY
        if kind == GROUP_ENTRY:
            group = Handle(entry[3])
            children: dict[str, Node] = {}
            try:
                node = self._group(group, path, name, None, children, attrs, identity)
            except BaseException:
                group.close(self.fast)
                raise
            return node, (group, children)
        described = h5fast.SLOW if entry[5] is None else entry[5]
        return self._field(entry[3], path, name, attrs, described, None, True, identity), None

    def _room(self, deadline: float) -> bool:
        """Whether the walk may read one more object (else ``stopped`` says which limit)."""
        if self.count >= self.max_objects:
            self.stopped = f"the walk stopped at its limit of {self.max_objects:,} objects"
        elif not self.count & 255:
            checkpoint()  # in the server: stop here once the client has gone
            if time.monotonic() > deadline:
                self.stopped = f"the walk stopped at its limit of {self.max_seconds:g} s"
                self.out_of_time = True
        return not self.stopped

    def _identity(self, hid: int, fallback: Any) -> int:
        """The same number for the same object, whichever path reads it (h5fast's scheme)."""
        if self.fast is None:
            return hash(fallback)
        with h5lib.lock():
            info = self.fast.info(hid)
        return info[0] if info is not None else hash(fallback)

    def _fileno(self, hid: int) -> int | None:
        if self.fast is None:
            return None
        with h5lib.lock():
            return self.fast.fileno if self.fast.info(hid) is not None else None

    def _group(
        self,
        handle: Handle,
        path: str,
        name: str,
        link: LinkInfo | None,
        children: dict[str, Node],
        attrs: Mapping[str, Any] | None = None,
        identity: int = 0,
    ) -> Node:
        if attrs is None:
            attrs = self._fast_attributes(handle.hid, None)
        if attrs is h5fast.SLOW or attrs is None:
            attrs = h5py_attributes(handle.h5py())
        node = Node(
            path=path,
            name=name,
            kind=Kind.GROUP,
            attrs=attrs,
            link=link,
            children=MappingProxyType(children),
            identity=identity or self._identity(handle.hid, handle.h5),
        )
        self.seen[node.identity] = node
        return self._add(node)

    def _fast_attributes(self, hid: int, count: int | None) -> Any:
        """An object's attributes read by h5fast (``count`` of them, None: ask), or SLOW."""
        fast = self.fast
        if fast is None:
            return h5fast.SLOW
        if count is None:
            with h5lib.lock():
                info = fast.info(hid)
            if info is None:
                return h5fast.SLOW
            count = info[2]
        if not count:
            return _EMPTY
        if count > EAGER:
            return h5fast.SLOW
        with h5lib.lock():
            return fast.attributes(hid)

    def _add(self, node: Node) -> Node:
        self.count += 1
        self.index[node.path] = node
        return node

    def _hard(
        self, gid: int, fileno: int, parent: str, raw: bytes
    ) -> tuple[Node, tuple[Handle, dict[str, Node]] | None] | None:
        """A hard link's target read through h5fast; None when h5py must read it. The caller
        holds :func:`h5lib.lock`."""
        fast = self.fast
        assert fast is not None
        token = fast.hard_token(gid, raw)
        if token is None:
            return None
        name = raw.decode("utf-8", errors="replace")
        path = f"{parent.rstrip('/')}/{name}"
        identity = h5fast.identity(fileno, token)
        first = self.seen.get(identity)
        if first is not None:  # the same object again: share what was read, walk nothing
            alias = replace(first, path=path, name=name, link=None, alias_of=first.path)
            return self._add(alias), None
        oid = fast.open(gid, raw)
        if oid < 0:
            return None
        info = fast.info(oid)
        if info is None or info[1] not in (h5fast.GROUP, h5fast.DATASET):
            fast.close(oid)
            return None
        _, kind, count = info
        attrs = fast.attributes(oid) if 0 < count <= EAGER else _EMPTY if not count else h5fast.SLOW
        if kind == h5fast.GROUP:
            group = Handle(oid)
            children: dict[str, Node] = {}
            try:
                node = self._group(group, path, name, None, children, attrs, identity)
            except BaseException:
                group.close(fast)
                raise
            return node, (group, children)
        dataset: Any = None
        readable = True
        if self.guard is not None:
            import h5py

            dataset = h5py.h5d.DatasetID(oid)  # h5py owns (and closes) the id from here
            readable = self._may_read(dataset, path)
        described = fast.dataset(oid, readable)
        return self._field(oid, path, name, attrs, described, dataset, readable, identity), None

    def _field(
        self,
        oid: int,
        path: str,
        name: str,
        attrs: Any,
        described: Any,
        dataset: Any,
        readable: bool,
        identity: int,
    ) -> Node:
        """A dataset's node from what h5fast read (``described``: shape, dtype, value), the
        rest read through h5py (``dataset``: h5py's object for ``oid`` if made); ``oid`` is
        closed here unless h5py owns it, or was closed already (-1)."""
        if described is h5fast.SLOW or attrs is h5fast.SLOW:
            import h5py

            from nxviz.validation import h5read

            dataset = dataset if dataset is not None else h5py.h5d.DatasetID(oid)
            if attrs is h5fast.SLOW:
                attrs = h5read.attributes(dataset)
            if described is h5fast.SLOW:
                shape = dataset.shape
                dtype = h5read.type_of(dataset.get_type())
                value = h5read.small_value(dataset, shape, dtype) if readable else None
                described = shape, dtype, value
        elif dataset is None and oid >= 0:
            with h5lib.lock():
                self.fast.close(oid)  # type: ignore[union-attr]
        shape, dtype, value = described
        node = Node(
            path=path,
            name=name,
            kind=Kind.FIELD,
            attrs=attrs,
            shape=shape,
            dtype=dtype,
            value=value,
            readable=readable,
            identity=identity,
        )
        self.seen[identity] = node
        return self._add(node)

    def _member(
        self, gid: Any, parent: str, raw: bytes
    ) -> tuple[Node, tuple[Handle, dict[str, Node]] | None]:
        """Any link's target read through h5py (h5py imported now, if it was not)."""
        import h5py

        from nxviz.validation import h5read

        name = raw.decode("utf-8", errors="replace")
        path = f"{parent.rstrip('/')}/{name}"
        link = link_of(gid, parent, raw)
        if link is not None and link.kind == "external" and not self._may_follow(gid, link):
            return self._add(Node(path, name, Kind.BROKEN, link=link, problem=NOT_FOLLOWED)), None
        try:
            oid = h5py.h5o.open(gid, raw)
        except ERRORS as error:
            return self._add(Node(path, name, Kind.BROKEN, link=link, problem=str(error))), None
        identity = self._identity(oid.id, oid)
        first = self.seen.get(identity)
        if first is not None:  # the same object again: share what was read, walk nothing
            alias = replace(first, path=path, name=name, link=link, alias_of=first.path)
            return self._add(alias), None
        if isinstance(oid, h5py.h5g.GroupID):
            children: dict[str, Node] = {}
            group = Handle(oid.id, oid)
            node = self._group(group, path, name, link, children, identity=identity)
            return node, (group, children)
        if isinstance(oid, h5py.h5d.DatasetID):
            shape = oid.shape
            dtype = h5read.type_of(oid.get_type())
            readable = self._may_read(oid, path)
            node = Node(
                path=path,
                name=name,
                kind=Kind.FIELD,
                attrs=h5read.attributes(oid),
                shape=shape,
                dtype=dtype,
                value=h5read.small_value(oid, shape, dtype) if readable else None,
                readable=readable,
                link=link,
                identity=identity,
            )
            self.seen[identity] = node
            return self._add(node), None
        node = Node(path, name, Kind.BROKEN, link=link, problem="a named datatype, not data")
        return self._add(node), None

    def _may_follow(self, gid: Any, link: LinkInfo) -> bool:
        # found where HDF5 looks for it (prefix variables, the folder, the working directory)
        return self.guard is None or link.file is None or self.guard.may_follow(gid, link.file)

    def _may_read(self, oid: Any, path: str) -> bool:
        # no value from external storage or virtual sources outside the allowed folder
        return self.guard is None or self.guard.may_read(oid, path)
