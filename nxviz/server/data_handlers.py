"""``meta``, ``attr`` and ``data``: h5grove content served from the shared open-file cache."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import h5py
import tornado.web

from nxviz.hdf5.locate import Locator
from nxviz.hdf5.meta import DEFAULT_LIMIT, MAX_LIMIT, entity_metadata
from nxviz.server.args import int_arg
from nxviz.server.base import NxvizHandler

T = TypeVar("T")


class FileHandler(NxvizHandler):
    """A handler whose work is a function of (locator, open file), run on the executor."""

    async def in_file(self, work: Callable[[Locator, h5py.File], T]) -> T:
        path = self.resolve_file()
        return await self.run_blocking(self._run, path, work)

    def _run(self, path: Path, work: Callable[[Locator, h5py.File], T]) -> T:
        with Locator(self.service.files, self.service.root_dir) as locator:
            return work(locator, locator.open(path))

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
