"""``nxviz.show``: a display object for a notebook output.

Its mime bundle holds three representations; a frontend shows the richest it knows:

``application/vnd.nxviz+json``
    ``{"file": <path relative to the server's root, "/"-separated>, "entity": <HDF5 path or
    null for the file's default>, "options": {<view options, JSON values>}}``; the nxviz
    JupyterLab extension draws its interactive viewer from it, asking ``/nxviz/api/`` for data.
``image/png``
    the default plot drawn by matplotlib (base64), for exported notebooks and frontends
    without the extension; absent when the file has no plottable default.
``text/plain``
    a one-paragraph summary.

Everything is checked when :func:`show` is called: the path must lie under the server's root
(:mod:`nxviz.notebook.roots`), exist and be HDF5, and ``entity`` must exist in it.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from typing import Any

from nxviz.errors import EntityNotFoundError, UnsupportedTypeError, UsageError
from nxviz.hdf5.locate import normalise
from nxviz.notebook.figure import check_size
from nxviz.notebook.plotting import read_plottable, style_options
from nxviz.notebook.roots import Located, locate
from nxviz.notebook.source import Curve, Plottable, opened

MIMETYPE = "application/vnd.nxviz+json"
PNG_SIZE = (640, 480)


class Show:
    """The viewer of one file (or entity) in a notebook output; see the module docstring."""

    def __init__(
        self,
        located: Located,
        entity: str | None,
        options: Mapping[str, Any],
        png: bytes | None,
        summary: str,
    ) -> None:
        self.located = located
        self.entity = entity
        self.options = dict(options)
        self.png = png
        self.summary = summary

    @property
    def payload(self) -> dict[str, Any]:
        """What the frontend's mime renderer receives."""
        return {"file": self.located.relative, "entity": self.entity, "options": self.options}

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        bundle: dict[str, Any] = {MIMETYPE: self.payload, "text/plain": self.summary}
        if self.png is not None:
            bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle

    def __repr__(self) -> str:
        return self.summary


def _json_options(options: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return dict(json.loads(json.dumps(dict(options), allow_nan=False)))
    except (TypeError, ValueError) as error:
        raise UsageError(f"view options must be JSON values: {error}") from error


def _describe(plottable: Plottable) -> str:
    if isinstance(plottable, Curve):
        return f"{plottable.ylabel} against {plottable.x.label}, {plottable.y.shape[0]} points"
    rows, cols = plottable.data.shape
    text = f"{plottable.label}, {rows} × {cols} {plottable.data.dtype}"
    if plottable.frame is not None:
        text += f", frame {plottable.frame} of {plottable.frames}"
    if plottable.detector is not None:
        text += f"; NXmx detector {plottable.detector.path}"
    return text


def _picture(plottable: Plottable, options: Mapping[str, Any], size: tuple[int, int]) -> bytes:
    from nxviz.notebook.draw import draw
    from nxviz.notebook.figure import new_axes, picture

    _, style = style_options(options)
    return picture(draw(new_axes(*size), plottable, style), "png")


def show(
    path: str | os.PathLike[str],
    entity: str | None = None,
    *,
    root: str | os.PathLike[str] | None = None,
    width: int = PNG_SIZE[0],
    height: int = PNG_SIZE[1],
    **view_options: Any,
) -> Show:
    """The interactive viewer of ``path`` in a notebook output, with a PNG for other frontends.

    ``path`` is relative to the working directory (or absolute) and must lie under the Jupyter
    server's root directory: ``root``, else found as :mod:`nxviz.notebook.roots` describes.
    ``entity`` is an HDF5 path in the file (default: the file's own default plot).
    ``view_options`` go to the viewer; ``frame``, ``log``, ``cmap``, ``rings``, ``mask`` and
    ``errors`` also shape the PNG (``width`` × ``height`` pixels), as in :func:`nxviz.plot`.
    """
    options = _json_options(view_options)
    frame, _ = style_options(options)
    check_size(width, height)
    located = locate(path, root)
    wanted = None if entity is None else normalise(entity)
    with opened(located.path, located.root) as (locator, h5file):
        if wanted is not None:
            locator.find(h5file, wanted)  # EntityNotFoundError now, not in the viewer
    lines = [f"nxviz viewer: {located.relative}" + (f" {wanted}" if wanted else "")]
    png = None
    try:
        plottable = read_plottable(located.path, wanted, frame, located.root)
    except (EntityNotFoundError, UnsupportedTypeError) as error:
        lines.append(f"no default plot: {error.message}")
    else:
        lines.append(f"{plottable.title.strip()}: {_describe(plottable)}")
        png = _picture(plottable, options, (width, height))
    return Show(located, wanted, options, png, "\n".join(lines))
