"""TypedDicts of the JSON payloads under ``/nxviz/api/``; mirrored in the frontend's models.ts.

``Any`` stands where h5grove's own type metadata (``TypeMetadata``) or a numpy-style dtype
(a string, or a dict of field names for compounds) is passed through unchanged.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from typing_extensions import NotRequired

EntityType = Literal["group", "dataset", "soft_link", "external_link", "datatype", "other"]


class LinkInfo(TypedDict):
    """How a child that resolved was reached: a soft or an external link."""

    type: Literal["soft", "external"]
    target_path: str
    target_file: NotRequired[str]


class AttributeMeta(TypedDict):
    name: str
    shape: list[int] | None  # None: an empty (null-dataspace) attribute
    dtype: Any
    type_info: Any  # h5grove TypeMetadata


class ChildMeta(TypedDict):
    name: str
    type: EntityType
    nx_class: NotRequired[str]  # groups with an NX_class attribute
    shape: NotRequired[list[int] | None]  # datasets; None for an empty dataset
    dtype: NotRequired[Any]
    type_info: NotRequired[Any]
    chunks: NotRequired[list[int] | None]
    filters: NotRequired[list[dict[str, int | str]] | None]  # [{"id", "name"}]
    link: NotRequired[LinkInfo]  # present when reached through a link that resolved
    target_path: NotRequired[str]  # unresolved links
    target_file: NotRequired[str]  # unresolved external links
    dangling: NotRequired[bool]  # the link does not resolve
    outside_root: NotRequired[bool]  # an external link whose file leaves the root: not followed


class EntityMeta(ChildMeta):
    """``meta``: one entity; groups add one page of children."""

    path: str
    attributes: NotRequired[list[AttributeMeta]]
    children: NotRequired[list[ChildMeta]]
    total: NotRequired[int]  # number of children of the group
    offset: NotRequired[int]
    limit: NotRequired[int]
