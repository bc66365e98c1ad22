"""Metadata of one entity, with paged children and link and NeXus annotations.

The shape is h5grove's, with one renaming the frontend relies on: ``type`` is the entity kind
(h5grove's ``kind``: group, dataset, soft_link, external_link, datatype, other) and h5grove's
type metadata is under ``type_info`` (``dtype`` is its numpy-style string, a dict for compounds).

A group's children are listed one page at a time (``offset``, ``limit``) by iterating link names
from the page's first index with ``H5Literate``: the first page of a 100,000-child group costs
what the first page of a small group costs. Each child is described from its link and, for hard
links, its object header only: no attribute is read except ``NX_class``.
"""

from __future__ import annotations

import posixpath
from typing import Any, cast

import h5py
from h5grove.utils import get_filter_info, get_type_metadata, stringify_dtype

from nxviz.errors import EntityNotFoundError, ForeignFileError, OutsideRootError, UsageError
from nxviz.hdf5.locate import Entity, Found, Locator, external_target, normalise

DEFAULT_LIMIT = 1000
MAX_LIMIT = 10_000

Meta = dict[str, Any]


def entity_metadata(
    locator: Locator,
    h5file: h5py.File,
    path: str | None,
    *,
    offset: int = 0,
    limit: int = DEFAULT_LIMIT,
    attr_offset: int = 0,
    attr_limit: int = DEFAULT_LIMIT,
) -> Meta:
    """Metadata of the entity at ``path``; a group's children from ``offset``, ``limit`` of them;
    its attributes from ``attr_offset``, ``attr_limit`` of them (in name order)."""
    for name, value in (("offset", offset), ("attr_offset", attr_offset)):
        if value < 0:
            raise UsageError(f"'{name}' must be zero or more")
    for name, value in (("limit", limit), ("attr_limit", attr_limit)):
        if not 0 <= value <= MAX_LIMIT:
            raise UsageError(f"'{name}' must be between 0 and {MAX_LIMIT}")
    path = normalise(path)
    if path == "/":
        meta = describe_entity(h5file["/"], "/")
        found: Found | None = Found(h5file["/"], h5file, "/")
    else:
        parent_path, name = posixpath.split(path)
        parent = locator.find(h5file, parent_path)
        if not isinstance(parent.entity, h5py.Group):
            raise EntityNotFoundError(f"{path}: {parent_path} is not a group")
        meta, found = describe_child(locator, parent, name)
    meta["path"] = path
    if found is not None and isinstance(found.entity, h5py.Dataset):
        try:
            notes = locator.check(found).notes
        except ForeignFileError as error:  # described, but its values are never read
            meta["refused"] = error.message
        else:
            if notes:
                meta["notes"] = list(notes)
    if found is not None:
        meta.update(attributes_page(found.entity.id, offset=attr_offset, limit=attr_limit))
        if isinstance(found.entity, h5py.Group):
            meta.update(children_page(locator, found, offset=offset, limit=limit))
    return meta


def children_page(locator: Locator, group: Found, *, offset: int, limit: int) -> Meta:
    """``children`` (described), ``total``, ``offset`` and ``limit`` of one page of a group."""
    gid = cast(h5py.Group, group.entity).id
    total = int(gid.get_num_objs())
    names: list[str] = []
    if limit > 0 and offset < total:

        def collect(name: bytes) -> bool | None:
            names.append(name.decode("utf-8", "surrogateescape"))
            return True if len(names) >= limit else None

        gid.links.iterate(collect, idx_type=h5py.h5.INDEX_NAME, idx=offset)
    children = [_describe_page_child(locator, group, gid, name) for name in names]
    return {"children": children, "total": total, "offset": offset, "limit": limit}


def attributes_page(oid: Any, *, offset: int, limit: int) -> Meta:
    """``attributes`` (name, shape, dtype, type_info) of one page of an object's attributes in
    name order, with ``attributes_total``, ``attributes_offset`` and ``attributes_limit``: an
    object with 100,000 attributes costs what its first page costs."""
    total = int(h5py.h5o.get_info(oid).num_attrs)
    names: list[bytes] = []
    if limit > 0 and offset < total:

        def collect(name: bytes) -> bool | None:
            names.append(name)
            return True if len(names) >= limit else None

        try:
            h5py.h5a.iterate(
                oid, collect, index=offset, index_type=h5py.h5.INDEX_NAME, order=h5py.h5.ITER_INC
            )
        except (KeyError, OSError, RuntimeError):
            pass  # a damaged attribute table: what was listed before the damage
    attributes = []
    for raw in names:
        try:
            aid = h5py.h5a.open(oid, raw)
            type_info = get_type_metadata(aid.get_type())
        except (KeyError, OSError, TypeError, ValueError):
            continue
        attributes.append(
            {
                "name": raw.decode("utf-8", "surrogateescape"),
                "shape": list(aid.shape) if aid.shape is not None else None,
                "dtype": type_info["dtype"],
                "type_info": type_info,
            }
        )
    return {
        "attributes": attributes,
        "attributes_total": total,
        "attributes_offset": offset,
        "attributes_limit": limit,
    }


def _describe_page_child(locator: Locator, group: Found, gid: Any, name: str) -> Meta:
    """Hard links straight from the object header; links through :func:`describe_child`."""
    raw = name.encode("utf-8", "surrogateescape")
    try:
        if gid.links.get_info(raw).type == h5py.h5l.TYPE_HARD:
            return describe_id(h5py.h5o.open(gid, raw), name)
    except (KeyError, OSError):
        pass
    return describe_child(locator, group, name)[0]


def describe_child(locator: Locator, parent: Found, name: str) -> tuple[Meta, Found | None]:
    """A child's metadata from its link, and the entity it resolves to (None if it does not).

    A dangling link, or an external link whose file is outside the root, is described (flagged
    ``dangling`` or ``outside_root``), not refused; a name with no link at all is not found.
    """
    group = cast(h5py.Group, parent.entity)
    child_path = posixpath.join(parent.path, name)
    try:
        link = group.get(name, getlink=True)
    except (KeyError, ValueError, OSError):
        link = None
    if link is None:
        raise EntityNotFoundError(f"{child_path}: no such entity")
    if isinstance(link, h5py.HardLink):
        try:
            entity = group[name]
        except (KeyError, OSError):
            return {"name": name, "type": "other", "dangling": True}, None
        return describe_entity(entity, name), Found(entity, parent.file, child_path)
    if isinstance(link, h5py.SoftLink):
        unresolved: Meta = {"name": name, "type": "soft_link", "target_path": link.path}
        link_info: Meta = {"type": "soft", "target_path": link.path}
    else:
        external = cast(h5py.ExternalLink, link)
        unresolved = {
            "name": name,
            "type": "external_link",
            "target_file": external.filename,
            "target_path": external.path,
        }
        link_info = {
            "type": "external",
            "target_file": external.filename,
            "target_path": external.path,
        }
        try:
            locator.link_target(parent.file, external.filename)
        except OutsideRootError:
            return {**unresolved, "outside_root": True}, None
    try:
        found = locator.step(parent.file, group, parent.path, name, hops=0)
    except ForeignFileError as error:  # a dataset whose values would come from outside
        return {**unresolved, "refused": error.message}, None
    except OutsideRootError:
        return {**unresolved, "outside_root": True}, None
    except EntityNotFoundError:
        return {**unresolved, "dangling": True}, None
    meta = describe_entity(found.entity, name)
    meta["link"] = link_info
    return meta, found


def describe_entity(entity: Entity, name: str) -> Meta:
    """Cheap metadata of a resolved entity: no attribute read except a group's NX_class."""
    return describe_id(entity.id, name)


def describe_id(oid: Any, name: str) -> Meta:
    """The same from a low-level object id (what a page of children uses: no h5py objects)."""
    if isinstance(oid, h5py.h5g.GroupID):
        meta: Meta = {"name": name, "type": "group"}
        nx_class = _nx_class_id(oid)
        if nx_class is not None:
            meta["nx_class"] = nx_class
        return meta
    if isinstance(oid, h5py.h5d.DatasetID):
        type_id = oid.get_type()
        space = oid.get_space()
        empty = space.get_simple_extent_type() == h5py.h5s.NULL
        dcpl = oid.get_create_plist()
        chunked = dcpl.get_layout() == h5py.h5d.CHUNKED
        n_filters = dcpl.get_nfilters()
        return {
            "name": name,
            "type": "dataset",
            "shape": None if empty else list(space.shape),
            "dtype": stringify_dtype(type_id.dtype),
            "type_info": get_type_metadata(type_id),
            "chunks": list(dcpl.get_chunk()) if chunked else None,
            "filters": [get_filter_info(dcpl.get_filter(i)) for i in range(n_filters)] or None,
        }
    if isinstance(oid, h5py.h5t.TypeID):
        return {"name": name, "type": "datatype", "type_info": get_type_metadata(oid)}
    return {"name": name, "type": "other"}


def _nx_class_id(oid: Any) -> str | None:
    try:
        if not h5py.h5a.exists(oid, b"NX_class"):
            return None
    except (OSError, KeyError, TypeError):
        return None
    return nx_class_of(h5py.Group(oid))


def nx_class_of(entity: h5py.HLObject) -> str | None:
    """The NX_class attribute as text, or None (absent, or not a string)."""
    try:
        if not h5py.h5a.exists(entity.id, b"NX_class"):
            return None
        value = entity.attrs["NX_class"]
    except (OSError, KeyError, TypeError):
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    if hasattr(value, "shape") and value.shape == (1,):
        first = value[0]
        return first.decode("utf-8", "replace") if isinstance(first, bytes) else str(first)
    return None


__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "children_page", "entity_metadata", "external_target"]
