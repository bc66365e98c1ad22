"""``nexus``: entries, definitions, default plots and NXmx detector geometry of a file."""

from __future__ import annotations

from typing import Any

import h5py
import tornado.web

from nxviz.hdf5.locate import Locator
from nxviz.hdf5.nexus import describe_file
from nxviz.server.data_handlers import FileHandler


class NexusHandler(FileHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        def work(locator: Locator, h5file: h5py.File) -> dict[str, Any]:
            return describe_file(locator, h5file)

        self.write_json(await self.in_file(work))
