"""``xrf`` endpoints: spectra cubes and PyMca fit results (the work is in :mod:`nxviz.xrf`).

``xrf`` (what the object is), ``xrf/map`` (float32 map), ``xrf/spectrum`` (a pixel, rectangle or
polygon), ``xrf/lines`` (emission lines), ``xrf/fit`` (a pixel's fit), ``xrf/scatter`` and
``xrf/select`` (two maps against each other), ``xrf/tiff`` (maps as a multi-page TIFF).
"""

from __future__ import annotations

import json
import math
from typing import Any

import tornado.web

from nxviz.errors import UsageError
from nxviz.server.args import choice_arg, float_list_arg, int_arg
from nxviz.server.base import NxvizHandler
from nxviz.server.data_handlers import FileHandler
from nxviz.server.image_handlers import DEFAULT_PERCENTILES
from nxviz.xrf.lines import emission_lines
from nxviz.xrf.scatter import MAX_BINS, select
from nxviz.xrf.work import (
    describe_work,
    fit_work,
    map_work,
    scatter_work,
    spectrum_work,
    tiff_work,
)

MAX_INDEX = 2**40
MAX_VERTICES = 1000
MAX_PIXELS = 64


def _numbers(raw: str | None, name: str, count: int | None = None) -> list[float]:
    """Numbers separated by commas or colons (finite), ``count`` of them when given."""
    if raw is None or raw.strip() == "":
        raise UsageError(f"'{name}' is required")
    try:
        values = [float(part) for part in raw.replace(":", ",").split(",")]
    except ValueError:
        raise UsageError(f"'{name}' must be numbers, not {raw[:40]!r}") from None
    if not all(math.isfinite(v) for v in values):
        raise UsageError(f"'{name}' must be finite numbers")
    if count is not None and len(values) != count:
        raise UsageError(f"'{name}' takes {count} numbers")
    return values


def _integers(raw: str | None, name: str, count: int) -> list[int]:
    values = _numbers(raw, name, count)
    if any(not v.is_integer() or abs(v) > MAX_INDEX for v in values):
        raise UsageError(f"'{name}' takes integers")
    return [int(v) for v in values]


def _pair(raw: str | None, name: str) -> tuple[float, float] | None:
    if raw is None or raw.strip() == "":
        return None
    low, high = _numbers(raw, name, 2)
    return low, high


class XrfHandler(FileHandler):
    shares_body = True

    @tornado.web.authenticated
    async def get(self) -> None:
        await self.send(await self.in_file(describe_work, self.entity_path()))


class XrfMapHandler(FileHandler):
    shares_body = True

    @tornado.web.authenticated
    async def get(self) -> None:
        arg = self.get_argument
        channels_text, energy_text = arg("channels", None), arg("energy", None)
        if channels_text and energy_text:
            raise UsageError("give 'channels' or 'energy', not both")
        channels = None
        if channels_text:
            start, stop = _integers(channels_text, "channels", 2)
            channels = (start, stop)
        energy = _pair(energy_text, "energy")
        percentiles = float_list_arg(arg("percentiles", None), "percentiles", DEFAULT_PERCENTILES)
        body, meta = await self.in_file(map_work, self.entity_path(), channels, energy, percentiles)
        self.set_header("X-Nxviz-Dtype", "<f4")
        self.set_header("X-Nxviz-Shape", ",".join(str(n) for n in meta["shape"]))
        for name in ("min", "max"):
            value = meta[name]
            self.set_header(f"X-Nxviz-{name.title()}", "" if value is None else repr(value))
        self.set_header("X-Nxviz-Percentiles", json.dumps(meta["percentiles"]))
        if meta["channels"] is not None:
            self.set_header("X-Nxviz-Channels", ",".join(str(n) for n in meta["channels"]))
        await self.send_body(body, "application/octet-stream")


def _selection(handler: NxvizHandler, fmt: str) -> dict[str, Any]:
    arg = handler.get_argument
    given = [name for name in ("pixel", "region", "polygon") if arg(name, None)]
    if len(given) != 1:
        raise UsageError("give one of 'pixel', 'region' or 'polygon'")
    several = handler.get_arguments("pixel")
    if len(several) > 1:
        if fmt != "csv" or len(several) > MAX_PIXELS:
            raise UsageError(f"several pixels (at most {MAX_PIXELS}) are given as CSV only")
        return {"pixels": [tuple(_integers(raw, "pixel", 2)) for raw in several]}
    raw = arg(given[0])
    if given[0] == "pixel":
        row, col = _integers(raw, "pixel", 2)
        return {"pixel": (row, col)}
    if given[0] == "region":
        r0, r1, c0, c1 = _integers(raw, "region", 4)
        return {"region": ((r0, r1), (c0, c1))}
    return {"polygon": [list(v) for v in _vertices(raw, "polygon", "row,col")]}


def _vertices(raw: str, name: str, pairs: str = "x,y") -> list[tuple[float, float]]:
    values = _numbers(raw, name)
    if len(values) % 2 or not 6 <= len(values) <= 2 * MAX_VERTICES:
        raise UsageError(f"'{name}' takes 3 to {MAX_VERTICES} {pairs} pairs")
    return [(values[i], values[i + 1]) for i in range(0, len(values), 2)]


class XrfSpectrumHandler(FileHandler):
    shares_body = True

    @tornado.web.authenticated
    async def get(self) -> None:
        fmt = choice_arg(
            self.get_argument("format", None), "format", "json", ("json", "csv", "bin")
        )
        selection = _selection(self, fmt)
        await self.send(await self.in_file(spectrum_work, self.entity_path(), selection, fmt))


class XrfLinesHandler(NxvizHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        raw = self.get_argument("elements", "")
        elements = [part.strip() for part in raw.split(",") if part.strip()]
        if not elements:
            raise UsageError("'elements' names one or more elements (e.g. Fe,Cu,Zn)")
        low = _pair_or_one(self.get_argument("emin", None), "emin")
        high = _pair_or_one(self.get_argument("emax", None), "emax")
        beam = _pair_or_one(self.get_argument("excitation", None), "excitation")
        self.write_json(await self.run_blocking(emission_lines, elements, low, high, beam))


def _pair_or_one(raw: str | None, name: str) -> float | None:
    if raw is None or raw.strip() == "":
        return None
    return _numbers(raw, name, 1)[0]


class XrfFitHandler(FileHandler):
    shares_body = True

    @tornado.web.authenticated
    async def get(self) -> None:
        row, col = _integers(self.get_argument("pixel", None), "pixel", 2)
        fmt = choice_arg(self.get_argument("format", None), "format", "json", ("json", "csv"))
        await self.send(await self.in_file(fit_work, self.entity_path(), (row, col), fmt))


def _map_paths(handler: NxvizHandler) -> tuple[str, str]:
    x, y = handler.get_argument("x", None), handler.get_argument("y", None)
    if not x or not y:
        raise UsageError("'x' and 'y' name two maps")
    return x, y


class XrfScatterHandler(FileHandler):
    shares_body = True

    @tornado.web.authenticated
    async def get(self) -> None:
        x, y = _map_paths(self)
        bins = int_arg(self.get_argument("bins", None), "bins", 128, low=2, high=MAX_BINS)
        await self.send(await self.in_file(scatter_work, x, y, bins))


class XrfSelectHandler(FileHandler):
    shares_body = True

    @tornado.web.authenticated
    async def get(self) -> None:
        x, y = _map_paths(self)
        xrange = _pair(self.get_argument("xrange", None), "xrange")
        yrange = _pair(self.get_argument("yrange", None), "yrange")
        raw = self.get_argument("polygon", None)
        polygon = None
        if raw:
            if xrange is not None or yrange is not None:
                raise UsageError("give a box (xrange and yrange) or a polygon, not both")
            polygon = _vertices(raw, "polygon")
        elif xrange is None or yrange is None:
            raise UsageError("'xrange' and 'yrange' (a:b), or 'polygon' (x1,y1,x2,y2,...)")
        body, shape = await self.in_file(select, x, y, xrange, yrange, polygon)
        self.set_header("X-Nxviz-Dtype", "|u1")
        self.set_header("X-Nxviz-Shape", f"{shape[0]},{shape[1]}")
        await self.send_body(body, "application/octet-stream")


class XrfTiffHandler(FileHandler):
    shares_body = True

    @tornado.web.authenticated
    async def get(self) -> None:
        raw = self.get_argument("paths", "")
        paths = [part for part in raw.split(",") if part.strip()]
        body = await self.in_file(tiff_work, paths)
        self.set_header("Content-Disposition", 'attachment; filename="maps.tif"')
        await self.send_body(body, "image/tiff")


ROUTES: dict[str, type] = {
    "xrf": XrfHandler,
    "xrf/map": XrfMapHandler,
    "xrf/spectrum": XrfSpectrumHandler,
    "xrf/lines": XrfLinesHandler,
    "xrf/fit": XrfFitHandler,
    "xrf/scatter": XrfScatterHandler,
    "xrf/select": XrfSelectHandler,
    "xrf/tiff": XrfTiffHandler,
}
