"""``image`` (a frame reduced to screen size, float32 body, metadata in headers) and ``stats``."""

from __future__ import annotations

import json
from typing import Any

import h5py
import numpy as np
import tornado.web

from nxviz.hdf5.image import Image, ImageRequest, headers, render, statistics
from nxviz.hdf5.locate import Locator
from nxviz.hdf5.nexus import detector_for
from nxviz.server.args import choice_arg, float_list_arg, int_arg
from nxviz.server.costs import claim_image, claim_stats
from nxviz.server.data_handlers import FileHandler
from nxviz.server.worker import answer_array

DEFAULT_PERCENTILES = (0.1, 99.9)
MAX_SIDE = 8192


def _number(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def image_work(
    locator: Locator, h5file: h5py.File, path: str | None, request: ImageRequest
) -> tuple[np.ndarray, dict[str, Any]]:
    """The image as little-endian float32 and what the headers say of it. The image is
    written where its bytes go to the server (the shared memory offered for the answer's body,
    :func:`~nxviz.server.worker.answer_array`): neither copied nor pickled on its way."""
    found = locator.find(h5file, path)
    claim_image(locator, found, request)
    detector = detector_for(locator, h5file, path, found)
    image: Image = render(locator, found, request, detector=detector, allocate=_answer_image)
    body = np.ascontiguousarray(image.reduced.image.astype("<f4", copy=False))
    return body, headers(image)


def _answer_image(shape: tuple[int, int]) -> np.ndarray:
    return answer_array(shape, np.float32)


def stats_work(
    locator: Locator,
    h5file: h5py.File,
    path: str | None,
    selection: str | None,
    options: dict[str, Any],
) -> dict[str, Any]:
    found = locator.find(h5file, path)
    claim_stats(found, selection)
    detector = detector_for(locator, h5file, path, found)
    return statistics(locator, found, selection, detector=detector, **options)


class ImageHandler(FileHandler):
    shares_body = True

    @tornado.web.authenticated
    async def get(self) -> None:
        arg = self.get_argument
        request = ImageRequest(
            selection=arg("selection", None),
            region=arg("region", None),
            frames=arg("frames", None),
            combine=choice_arg(arg("combine", None), "combine", "sum", ("sum", "max")),
            width=int_arg(arg("width", None), "width", 1024, low=1, high=MAX_SIDE),
            height=int_arg(arg("height", None), "height", 1024, low=1, high=MAX_SIDE),
            how=choice_arg(arg("reduce", None), "reduce", "max", ("max", "mean")),
            mask=arg("mask", None),
            percentiles=float_list_arg(
                arg("percentiles", None), "percentiles", DEFAULT_PERCENTILES
            ),
            max_bytes=self.service.max_bytes,
        )
        body, meta = await self.in_file(image_work, self.entity_path(), request)
        self.set_header("X-Nxviz-Dtype", "<f4")
        self.set_header("X-Nxviz-Shape", ",".join(str(n) for n in meta["frame_shape"]))
        self.set_header("X-Nxviz-Image-Shape", ",".join(str(n) for n in meta["image_shape"]))
        self.set_header("X-Nxviz-Factors", ",".join(str(n) for n in meta["factors"]))
        self.set_header("X-Nxviz-Min", _number(meta["min"]))
        self.set_header("X-Nxviz-Max", _number(meta["max"]))
        self.set_header("X-Nxviz-Percentiles", json.dumps(meta["percentiles"]))
        self.set_header("X-Nxviz-Image", json.dumps(meta, allow_nan=False))
        await self.send_body(body, "application/octet-stream")


class StatsHandler(FileHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        path = self.entity_path()
        selection = self.get_argument("selection", None)
        percentiles = float_list_arg(
            self.get_argument("percentiles", None), "percentiles", DEFAULT_PERCENTILES
        )
        bins = int_arg(self.get_argument("bins", None), "bins", 64, low=1, high=4096)
        mask = self.get_argument("mask", None)
        options = {
            "percentiles": percentiles,
            "bins": bins,
            "mask": mask,
            "max_bytes": self.service.max_bytes,
        }
        self.write_json(await self.in_file(stats_work, path, selection, options))
