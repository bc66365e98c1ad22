"""``meta``, ``attr`` and ``data``: h5grove content served from the workers' open-file caches.

Every handler resolves ``file`` under the root on the event loop (cheap), then does all HDF5
work in one module-level function run in a worker process (:mod:`nxviz.server.worker`), with
files opened through that process's cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import h5py
import tornado.web

from nxviz.hdf5.locate import Locator, normalise
from nxviz.hdf5.meta import DEFAULT_LIMIT, MAX_LIMIT, entity_metadata
from nxviz.hdf5.nxcsv import plot_csv
from nxviz.hdf5.values import Encoded, attribute_values, dataset_slice
from nxviz.server.args import choice_arg, int_arg
from nxviz.server.base import NxvizHandler
from nxviz.server.worker import in_file

T = TypeVar("T")

FORMATS = ("json", "npy", "bin", "csv", "tiff")
DTYPES = ("origin", "safe")


class FileHandler(NxvizHandler):
    """A handler whose work is ``work(locator, open file, *args)``, run in a worker process;
    ``work`` is a module-level function and ``args`` are picklable."""

    async def in_file(self, work: Callable[..., T], *args: Any) -> T:
        path = self.resolve_file()
        return await self.run_blocking(in_file, path, work, *args)

    async def send(self, encoded: Encoded) -> None:
        headers = dict(encoded.headers)
        content_type = headers.pop("Content-Type", "application/json")
        for key, value in headers.items():
            self.set_header(key, value)
        await self.send_body(encoded.body, content_type)

    def entity_path(self) -> str | None:
        path: str | None = self.get_argument("path", None, strip=False)
        return path


def meta_work(
    locator: Locator, h5file: h5py.File, path: str | None, pages: dict[str, int]
) -> dict[str, Any]:
    return entity_metadata(locator, h5file, path, **pages)


def attr_work(locator: Locator, h5file: h5py.File, path: str | None, names: list[str]) -> Encoded:
    return attribute_values(locator.find(h5file, path), names)


def data_work(
    locator: Locator,
    h5file: h5py.File,
    path: str | None,
    selection: str | None,
    fmt: str,
    dtype: str,
    max_bytes: int,
    nxdata: str | None = None,
) -> Encoded:
    if nxdata is not None:  # CSV of a NeXus plot
        body, headers = plot_csv(
            locator, h5file, normalise(nxdata), normalise(path), selection, max_bytes
        )
        return Encoded(body, headers)
    return dataset_slice(locator.find(h5file, path), selection, fmt, dtype, max_bytes)


def _page(handler: NxvizHandler, prefix: str, default: int, high: int) -> dict[str, int]:
    offset, limit = f"{prefix}offset", f"{prefix}limit"
    arg = handler.get_argument
    return {
        offset: int_arg(arg(offset, None), offset, 0, low=0, high=2**62),
        limit: int_arg(arg(limit, None), limit, default, low=0, high=high),
    }


class MetaHandler(FileHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        pages = _page(self, "", DEFAULT_LIMIT, MAX_LIMIT)
        pages |= _page(self, "attr_", DEFAULT_LIMIT, MAX_LIMIT)
        self.write_json(await self.in_file(meta_work, self.entity_path(), pages))


class AttrHandler(FileHandler):
    shares_body = True

    @tornado.web.authenticated
    async def get(self) -> None:
        names = self.get_arguments("name")
        await self.send(await self.in_file(attr_work, self.entity_path(), names))


class DataHandler(FileHandler):
    shares_body = True

    @tornado.web.authenticated
    async def get(self) -> None:
        selection = self.get_argument("selection", None)
        fmt = choice_arg(self.get_argument("format", None), "format", "json", FORMATS)
        dtype = choice_arg(self.get_argument("dtype", None), "dtype", "origin", DTYPES)
        max_bytes = self.service.max_bytes
        # CSV of a NeXus plot: the axis, the signal and its uncertainties, with a header
        nxdata = self.get_argument("nxdata", None) if fmt == "csv" else None
        encoded = await self.in_file(
            data_work, self.entity_path(), selection, fmt, dtype, max_bytes, nxdata
        )
        await self.send(encoded)
