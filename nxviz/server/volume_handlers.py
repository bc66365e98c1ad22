"""``volume`` (shape, chunks, levels, physical axes, NXtomo keys), ``slice`` (one level) and
``pyramid`` (the state of a volume's pyramid; POST builds it, DELETE cancels the build).

A slice's work checks a cancel flag between chunks; the worker pool sets it when the client
closes the connection (the browser moved on), so a slice nobody waits for stops within one chunk.
A pyramid is built by a process of its own (:mod:`nxviz.volumes.build`: reading a whole volume
takes longer than a request may), which this server process starts, watches and stops; when the
server stops, so do its builds (:func:`stop_builds`), and a build whose server died stops too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

import tornado.web

from nxviz.errors import UsageError
from nxviz.hdf5.limits import ClientGone
from nxviz.server.args import choice_arg, float_arg, float_list_arg, int_arg
from nxviz.server.data_handlers import FileHandler
from nxviz.server.image_handlers import DEFAULT_PERCENTILES, MAX_SIDE
from nxviz.volumes.build import CANCELLED, PARENT_VARIABLE, REFUSED, pyramid_state
from nxviz.volumes.cache import PARTIAL, cache_max_bytes, cache_root
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


class Build:
    """A pyramid build this server started: its process, its partial folder and, once ended,
    how."""

    def __init__(self, process: subprocess.Popen[bytes], partial: Path) -> None:
        self.process = process
        self.partial = partial
        self.cancelled = False

    def stop(self, grace: float) -> None:
        """Cancel the build and wait for its process: it removes its partial folder itself
        (between two chunks); one still running ``grace`` seconds later is killed and its
        folder removed here."""
        if self.process.poll() is not None:
            return
        self.cancelled = True
        self.process.terminate()
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            shutil.rmtree(self.partial, ignore_errors=True)

    def state(self) -> dict[str, Any] | None:
        """None while it runs; else what the view is told (a refusal's one-line notice)."""
        code = self.process.poll()
        if code is None:
            return None
        if code == 0:
            return {"state": "none"}  # built: the cache says so (unless since removed)
        if code == CANCELLED or self.cancelled:
            return {"state": "cancelled"}
        assert self.process.stderr is not None
        lines = self.process.stderr.read().decode(errors="replace").strip().splitlines()
        notice = lines[-1] if lines else "the pyramid could not be built"
        return {"state": "refused" if code == REFUSED else "failed", "notice": notice}


BUILDS: dict[str, Build] = {}


def stop_builds(grace: float = 10.0) -> None:
    """Cancel every pyramid build still running (the server stops): none outlives it, and
    none leaves a partial pyramid in the cache."""
    builds = list(BUILDS.values())
    BUILDS.clear()
    for build in builds:
        if build.process.poll() is None:
            build.cancelled = True
            build.process.terminate()  # all at once: they stop in parallel
    for build in builds:
        build.stop(grace)


class PyramidHandler(FileHandler):
    """GET: the pyramid's state; POST: build it; DELETE: cancel its build."""

    async def state(self) -> dict[str, Any]:
        work = partial(pyramid_state, path=self.entity_path(), root=str(cache_root()),
                       max_bytes=cache_max_bytes())  # fmt: skip
        found: dict[str, Any] = await self.in_file(work)
        build = BUILDS.get(found["key"])
        if found["state"] == "ready" or build is None:
            return found
        ended = build.state()
        if ended is None:
            return found | {"state": "building"}
        return found if ended["state"] == "none" else found | ended

    @tornado.web.authenticated
    async def get(self) -> None:
        self.write_json(await self.state())

    @tornado.web.authenticated
    async def post(self) -> None:
        found = await self.state()
        if found["state"] in ("ready", "building"):
            self.write_json(found)
            return
        command = [sys.executable, "-m", "nxviz.volumes.build", str(self.resolve_file())]
        command += [found["dataset"], str(cache_root()), str(cache_max_bytes())]
        process = subprocess.Popen(  # noqa: S603 (this interpreter; a file under the root)
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=dict(os.environ, **{PARENT_VARIABLE: str(os.getpid())}),
        )
        BUILDS[found["key"]] = Build(process, cache_root() / (found["key"] + PARTIAL))
        self.write_json(found | {"state": "building", "done": 0})

    @tornado.web.authenticated
    async def delete(self) -> None:
        found = await self.state()
        build = BUILDS.get(found["key"])
        if build is not None and build.process.poll() is None:
            build.cancelled = True
            build.process.terminate()  # the build stops within a chunk and removes its folder
            found = found | {"state": "cancelled"}
        self.write_json(found)
