"""``GET /nxviz/api/search?file=&q=&limit=``: entities whose name contains ``q`` (see
:mod:`nxviz.hdf5.search`), found without reading data and within a bounded walk."""

from __future__ import annotations

from typing import Any

import h5py
import tornado.web

from nxviz.errors import UsageError
from nxviz.hdf5.locate import Locator
from nxviz.hdf5.search import DEFAULT_LIMIT, MAX_LIMIT, search
from nxviz.server.args import int_arg
from nxviz.server.data_handlers import FileHandler


def search_work(locator: Locator, h5file: h5py.File, query: str, limit: int) -> dict[str, Any]:
    return search(h5file, query, limit=limit)


class SearchHandler(FileHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        query = self.get_argument("q", None, strip=False)
        if query is None or query.strip() == "":
            raise UsageError("'q' is required: the text to search for in names")
        limit = int_arg(
            self.get_argument("limit", None), "limit", DEFAULT_LIMIT, low=1, high=MAX_LIMIT
        )
        self.write_json(await self.in_file(search_work, query, limit))
