"""``volume`` (shape, chunks, levels, physical axes, NXtomo keys), ``slice`` (one level) and
``line`` (a profile along a segment); ``pyramid`` is in :mod:`nxviz.server.pyramid_handler`.

A slice's work checks a cancel flag between chunks; the worker pool sets it when the client
closes the connection (the browser moved on), so a slice nobody waits for stops within one chunk.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import tornado.web

from nxviz.errors import UsageError
from nxviz.hdf5.limits import ClientGone
from nxviz.server.args import choice_arg, float_arg, float_list_arg, int_arg
from nxviz.server.data_handlers import FileHandler
from nxviz.server.image_handlers import DEFAULT_PERCENTILES, MAX_SIDE
from nxviz.volumes.cache import cache_root
from nxviz.volumes.describe import describe_volume
from nxviz.volumes.render import SliceOptions, slice_image
from nxviz.volumes.segment import MAX_SAMPLES, Segment, segment_profile
from nxviz.volumes.slices import SliceRequest

MAX_INDEX = 2**62


def _describe(locator: Any, h5file: Any, path: str | None) -> dict[str, Any]:
    return describe_volume(locator, locator.find(h5file, path))


class VolumeHandler(FileHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        self.write_json(await self.in_file(partial(_describe, path=self.entity_path())))


class SliceHandler(FileHandler):
    shares_body = True

    @tornado.web.authenticated
    async def get(self) -> None:
        arg = self.get_argument
        level_text = arg("level", None)
        request = SliceRequest(
            axis=int_arg(arg("axis", None), "axis", 0, low=0, high=2),
            index=int_arg(arg("index", None), "index", 0, low=0, high=MAX_INDEX),
            level=None
            if level_text in (None, "")
            else int_arg(level_text, "level", 0, low=0, high=64),
        )
        frames = choice_arg(arg("frames", None), "frames", "all", ("all", "projections"))
        options = SliceOptions(
            width=int_arg(arg("width", None), "width", 1024, low=1, high=MAX_SIDE),
            height=int_arg(arg("height", None), "height", 1024, low=1, high=MAX_SIDE),
            how=choice_arg(arg("reduce", None), "reduce", "max", ("max", "mean")),
            percentiles=float_list_arg(
                arg("percentiles", None), "percentiles", DEFAULT_PERCENTILES
            ),
            projections=frames == "projections",
            correct=choice_arg(arg("correct", None), "correct", "0", ("0", "1")) == "1",
            max_bytes=self.service.max_bytes,
            pyramids=str(cache_root()),
        )
        work = partial(
            slice_image,
            path=self.entity_path(),
            request=request,
            options=options,
            cancel=ClientGone(),
        )
        body, meta = await self.in_file(work)  # a client gone: Finish, nobody to answer
        self.set_header("X-Nxviz-Dtype", "<f4")
        self.set_header("X-Nxviz-Shape", ",".join(str(n) for n in meta["shape"]))
        self.set_header("X-Nxviz-Image-Shape", ",".join(str(n) for n in meta["image_shape"]))
        self.set_header("X-Nxviz-Factors", ",".join(str(n) for n in meta["factors"]))
        for name in ("min", "max"):
            value = meta[name]
            self.set_header(f"X-Nxviz-{name.title()}", "" if value is None else repr(value))
        self.set_header("X-Nxviz-Percentiles", json.dumps(meta["percentiles"]))
        self.set_header("X-Nxviz-Slice", json.dumps(meta, allow_nan=False))
        await self.send_body(body, "application/octet-stream")


def _required(handler: FileHandler, name: str) -> float:
    value = float_arg(handler.get_argument(name, None), name)
    if value is None:
        raise UsageError(f"'{name}' is required")
    return value


class LineHandler(FileHandler):
    """GET: the values along a segment drawn on a slice (see :mod:`nxviz.volumes.segment`)."""

    @tornado.web.authenticated
    async def get(self) -> None:
        arg = self.get_argument
        request = SliceRequest(
            axis=int_arg(arg("axis", None), "axis", 0, low=0, high=2),
            index=int_arg(arg("index", None), "index", 0, low=0, high=MAX_INDEX),
        )
        samples = arg("samples", None)
        segment = Segment(
            start=(_required(self, "r0"), _required(self, "c0")),
            end=(_required(self, "r1"), _required(self, "c1")),
            samples=None
            if samples in (None, "")
            else int_arg(samples, "samples", 2, low=2, high=MAX_SAMPLES),
        )
        work = partial(
            segment_profile,
            path=self.entity_path(),
            request=request,
            segment=segment,
            max_bytes=self.service.max_bytes,
            cancel=ClientGone(),
        )
        self.write_json(await self.in_file(work))
