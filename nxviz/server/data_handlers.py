"""``meta``, ``attr`` and ``data``: h5grove content served from the shared open-file cache.

Every handler resolves ``file`` under the root on the event loop (cheap), then does all HDF5
work in one function run on the service's executor, with files opened through the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import h5py
import tornado.web

from nxviz.hdf5.locate import Locator, normalise
from nxviz.hdf5.meta import DEFAULT_LIMIT, MAX_LIMIT, entity_metadata
from nxviz.hdf5.nxcsv import plot_csv
from nxviz.hdf5.values import Encoded, attribute_values, dataset_slice
from nxviz.server.args import choice_arg, int_arg
from nxviz.server.base import NxvizHandler

T = TypeVar("T")

FORMATS = ("json", "npy", "bin", "csv", "tiff")
DTYPES = ("origin", "safe")


class FileHandler(NxvizHandler):
    """A handler whose work is a function of (locator, open file), run on the executor."""

    async def in_file(self, work: Callable[[Locator, h5py.File], T]) -> T:
        path = self.resolve_file()
        return await self.run_blocking(self._run, path, work)

    def _run(self, path: Path, work: Callable[[Locator, h5py.File], T]) -> T:
        service = self.service
        with Locator(
            service.files,
            service.root_dir,
            allow_hidden=service.allow_hidden,
            allow_outside_root=service.allow_external_outside_root,
        ) as locator:
            return work(locator, locator.open(path))

    def send(self, encoded: Encoded) -> None:
        headers = dict(encoded.headers)
        content_type = headers.pop("Content-Type", "application/json")
        for key, value in headers.items():
            self.set_header(key, value)
        self.finish(encoded.body, set_content_type=content_type)

    def entity_path(self) -> str | None:
        path: str | None = self.get_argument("path", None, strip=False)
        return path


class MetaHandler(FileHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        offset = int_arg(self.get_argument("offset", None), "offset", 0, low=0, high=2**62)
        limit = int_arg(
            self.get_argument("limit", None), "limit", DEFAULT_LIMIT, low=0, high=MAX_LIMIT
        )
        path = self.entity_path()

        def work(locator: Locator, h5file: h5py.File) -> dict[str, Any]:
            return entity_metadata(locator, h5file, path, offset=offset, limit=limit)

        self.write_json(await self.in_file(work))


class AttrHandler(FileHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        path = self.entity_path()
        names = self.get_arguments("name")

        def work(locator: Locator, h5file: h5py.File) -> Encoded:
            return attribute_values(locator.find(h5file, path), names)

        self.send(await self.in_file(work))


class DataHandler(FileHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        path = self.entity_path()
        selection = self.get_argument("selection", None)
        fmt = choice_arg(self.get_argument("format", None), "format", "json", FORMATS)
        dtype = choice_arg(self.get_argument("dtype", None), "dtype", "origin", DTYPES)
        max_bytes = self.service.max_bytes
        # CSV of a NeXus plot: the axis, the signal and its uncertainties, with a header
        nxdata = self.get_argument("nxdata", None) if fmt == "csv" else None

        def work(locator: Locator, h5file: h5py.File) -> Encoded:
            if nxdata is not None:
                body, headers = plot_csv(
                    locator, h5file, normalise(nxdata), normalise(path), selection, max_bytes
                )
                return Encoded(body, headers)
            found = locator.find(h5file, path)
            return dataset_slice(found, selection, fmt, dtype, max_bytes)

        self.send(await self.in_file(work))
