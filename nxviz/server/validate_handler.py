"""``GET /nxviz/api/validate?file=&definition=``: the validator's JSON contract for one file.

A validation has its own time budget (``NxvizService.validate_seconds``, below the request's
kill bound): past it, it stops and answers what it found with a ``limit_reached`` finding."""

from __future__ import annotations

import tornado.web

from nxviz.hdf5.guard import guarded
from nxviz.server.base import NxvizHandler
from nxviz.validation.engine import validate_json


class ValidateHandler(NxvizHandler):
    heavy = True  # a walk of the whole file: never in the lane small requests use

    @tornado.web.authenticated
    async def get(self) -> None:
        path = self.resolve_file()
        definition = self.get_argument("definition", None) or None
        # The report names the file as the client did, never by its path on the server.
        label = self.get_argument("file")
        service = self.service
        confine = None if service.allow_external_outside_root else service.root_dir
        report = await self.run_blocking(
            guarded,
            path,
            validate_json,
            path,
            definition,
            label=label,
            confine_to=confine,
            max_seconds=service.check_seconds(),
        )
        self.write_json(report)
