"""``GET /nxviz/api/fair?file=``: the FAIR readiness of one file (``nxviz fair --format json``'s
report of that file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tornado.web

from nxviz.hdf5.guard import guarded
from nxviz.server.base import NxvizHandler


def fair_json(
    path: Path, label: str, confine_to: Path | None, max_seconds: float
) -> dict[str, Any]:
    """Module-level, picklable: what the handler runs in a worker."""
    from nxviz.fair.engine import fair
    from nxviz.fair.render import contract

    return contract([fair(path, label=label, confine_to=confine_to, max_seconds=max_seconds)])


class FairHandler(NxvizHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        path = self.resolve_file()
        label = self.get_argument("file")  # the file as the client named it, not the server path
        service = self.service
        confine = None if service.allow_external_outside_root else service.root_dir
        budget = service.check_seconds()
        answer = await self.run_blocking(guarded, path, fair_json, path, label, confine, budget)
        self.write_json(answer)
