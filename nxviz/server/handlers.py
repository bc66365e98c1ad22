"""Handlers that answer from the definitions catalogue."""

from __future__ import annotations

import tornado.web

from nxviz.definitions.command import listing
from nxviz.server.base import NxvizHandler


class DefinitionsHandler(NxvizHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        self.write_json(await self.run_blocking(listing))
