"""TypedDicts of the JSON payloads under ``/nxviz/api/``; mirrored in the frontend's models.ts.

``Any`` stands where h5grove's own type metadata (``TypeMetadata``) or a numpy-style dtype
(a string, or a dict of field names for compounds) is passed through unchanged.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from typing_extensions import NotRequired

from nxviz.frames.contrast import Contrast

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
    refused: NotRequired[str]  # a dataset whose values HDF5 would read outside the root: why
    notes: NotRequired[list[str]]  # e.g. missing virtual sources, read as the fill value


class EntityMeta(ChildMeta):
    """``meta``: one entity; groups add one page of children."""

    path: str
    attributes: NotRequired[list[AttributeMeta]]  # one page, in name order
    attributes_total: NotRequired[int]  # number of attributes of the entity
    attributes_offset: NotRequired[int]
    attributes_limit: NotRequired[int]
    children: NotRequired[list[ChildMeta]]
    total: NotRequired[int]  # number of children of the group
    offset: NotRequired[int]
    limit: NotRequired[int]


class Histogram(TypedDict):
    edges: list[float]  # bins + 1 edges between the valid min and max
    counts: list[int]  # scaled to the whole selection when ``sampled``


class StatsPayload(TypedDict):
    """``stats``: statistics of a selection; masked, gap and saturated values left out."""

    shape: list[int]
    min: float | None  # None when no value is valid
    max: float | None
    mean: float | None
    percentiles: dict[str, float | None]  # "99.9" -> value
    valid: int
    excluded: int  # masked, gap (2^N-1 for unsigned) or non-finite values
    saturated: int  # above the detector's saturation_value
    sampled: bool  # percentiles and histogram from a fixed-size strided sample
    histogram: Histogram
    mask: str | None  # the mask dataset used
    saturation_value: float | None
    notes: list[str]  # e.g. missing virtual sources, read as the fill value
    no_data: float | None  # the value marking "no data" (2^N-1, pyFAI's dummy), left out


class ImageMeta(TypedDict):
    """``image``: the JSON of the ``X-Nxviz-Image`` header (the body is float32, row-major).

    In the body, NaN marks a bin without any valid pixel (masked or gap) and +inf a bin holding
    a saturated pixel.
    """

    shape: list[int]  # the dataset's shape
    frame_shape: list[int]  # the full-resolution frame (also in X-Nxviz-Shape)
    image_shape: list[int]  # rows, columns of the body (also in X-Nxviz-Image-Shape)
    region: list[int]  # row_start, row_stop, column_start, column_stop served
    index: list[int]  # leading indices of the (first) frame
    factors: list[int]  # bin size along rows and columns (also in X-Nxviz-Factors)
    dtype: str  # the dataset's dtype
    min: float | None  # also X-Nxviz-Min / X-Nxviz-Max ("" when None)
    max: float | None
    percentiles: dict[str, float | None]  # also X-Nxviz-Percentiles (JSON)
    valid: int
    excluded: int
    saturated: int
    mask: str | None
    saturation_value: float | None
    direct: int  # frames decoded straight from their raw bitshuffle-LZ4 chunks (else h5py)
    notes: list[str]  # e.g. missing virtual sources, read as the fill value
    no_data: float | None  # the value marking "no data" (2^N-1, pyFAI's dummy), left out
    contrast: Contrast  # automatic limits and the histogram the Frames view draws


class ProfileGeometry(TypedDict):
    beam_x: float  # pixels along the fast axis
    beam_y: float  # pixels along the slow axis
    distance: float  # m
    wavelength: float  # Å
    pixel_x: float  # m
    pixel_y: float  # m


class ProfilePayload(TypedDict):
    """``profile``: the azimuthal average of a frame; masked, gap and saturated pixels left out."""

    axis: Literal["q", "two_theta"]
    unit: Literal["1/angstrom", "deg"]
    centres: list[float]
    mean: list[float | None]  # None: no valid pixel in the bin
    counts: list[int]
    peaks: list[int]  # bin indices
    bin_width: float | None
    valid: int
    excluded: int
    frame_shape: list[int]
    index: list[int]
    geometry: ProfileGeometry


class FieldInfo(TypedDict):
    name: str
    path: str
    shape: list[int] | None
    dtype: str
    units: str | None
    long_name: str | None
    label: str  # "long_name (units)", or the name
    indices: NotRequired[list[int]]  # axes: @AXISNAME_indices
    order: NotRequired[Literal["increasing", "decreasing", "unsorted"] | None]  # 1-D axes


class NXdataInfo(TypedDict):
    path: str
    signal: FieldInfo | None
    axes: list[FieldInfo | None]  # as written; None for "." (no coordinates on that dimension)
    dimension_axes: list[FieldInfo | None]  # per signal dimension: its 1-D axis, or None
    errors: FieldInfo | None  # <signal>_errors, @uncertainties, canSAS @<signal>_uncertainties
    auxiliary_signals: list[FieldInfo]
    title: str | None
    scales: dict[str, Literal["linear", "log"]] | None  # {"x", "y"}: log-log for canSAS I(Q)


class PlotPayload(TypedDict):
    """``plot``: the plot a group opens on, and which rule chose it."""

    kind: Literal["nxdata", "dataset", "unreadable", "none"]
    path: str | None  # the NXdata group, or the dataset
    chain: list[str]  # groups passed on the way
    chosen_by: Literal["default", "rules", "search"] | None
    note: str | None  # why, in words: missing @default, the NeXus rule or the search used
    nxdata: NXdataInfo | None
    dataset: FieldInfo | None


class DetectorGeometry(TypedDict):
    """Lengths in metres whatever the file's units; ``*_px`` in pixels."""

    path: str
    beam_center: dict[str, float | None]  # x, y (m), x_px, y_px
    distance: float | None
    wavelength: float | None
    pixel_size: dict[str, float | None]  # x, y (m)
    pixel_mask: str | None
    saturation_value: float | None
    data: str | None


class EntryInfo(TypedDict):
    path: str
    definition: str | None
    title: str | None
    default_plot: str | None
    nxdata: NXdataInfo | None
    detectors: list[DetectorGeometry]


class NexusPayload(TypedDict):
    """``nexus``: the file's NeXus reading."""

    default: str | None  # the NXdata the @default chain ends on
    default_chain: list[str]
    entries: list[EntryInfo]
    default_meta: dict[str, Any] | None  # ``meta`` of ``default`` (first page of children)
    walk: WalkInfo  # how far the walk went
    plot: PlotPayload  # the root's plot (``plot`` of "/")


class WalkInfo(TypedDict):
    """How many objects a bounded walk looked at, and which limit stopped it (if one did)."""

    visited: int
    truncated: bool
    reason: Literal["objects", "children", "time"] | None


class SearchHit(TypedDict):
    path: str
    name: str
    type: EntityType  # soft and external links are reported as links, never followed
    nx_class: NotRequired[str]  # groups with an NX_class attribute
    target_path: NotRequired[str]  # soft and external links
    target_file: NotRequired[str]  # external links


class SearchPayload(TypedDict):
    """``search``: names containing the query, breadth-first, without reading data."""

    query: str  # the query as searched (stripped)
    results: list[SearchHit]
    truncated: bool  # the walk stopped early: there may be more
    reason: Literal["limit", "visits", "time"] | None  # why it stopped
    visited: int  # links looked at


class VolumeAxis(TypedDict):
    """``volume``: one physical axis (``values`` None: index coordinates)."""

    name: str | None
    units: str | None
    values: list[float] | None


class NxTomoInfo(TypedDict):
    """``volume``: the NXtomo scan whose frames the volume holds."""

    entry: str
    counts: dict[str, int]  # projections, flats, darks, invalid (image_key 0, 1, 2, 3)
    frames: dict[str, list[int]]  # their frame indices
    rotation_angle: list[float] | None  # of every frame
    rotation_angle_units: str | None


class VolumePayload(TypedDict):
    path: str
    shape: list[int]
    dtype: str
    chunks: list[int] | None
    levels: list[int]  # refinement levels of a slice along each axis
    axes: list[VolumeAxis]
    long_name: str | None
    units: str | None
    nxtomo: NxTomoInfo | None


class SliceMeta(TypedDict):
    """``slice``: the JSON of the ``X-Nxviz-Slice`` header (the body is float32, row-major)."""

    shape: list[int]  # the full-resolution slice (also X-Nxviz-Shape)
    image_shape: list[int]
    factors: list[int]
    dtype: str
    axis: int
    index: int
    axes: list[int]  # the dataset axes along rows and columns
    level: int
    levels: int
    stride: int  # chunk stride of this level (1: the exact slice)
    complete: bool
    decoded: int  # chunks decoded for this answer
    chunks_total: int
    chunks_shown: int
    corrected: bool
    pyramid: int | None  # the pyramid level that answered (None: the volume itself)
    min: float | None
    max: float | None
    percentiles: dict[str, float | None]
