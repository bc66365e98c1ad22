"""``GET /nxviz/api/validate?file=&definition=``: the validator's JSON contract for one file."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import tornado.web

from nxviz.server.base import NxvizHandler


def validate_as_given(path: Path, given: str, definition: str | None) -> dict[str, Any]:
    """Validate ``path`` and name it in the report as the client named it (never a server path)."""
    from nxviz.validation.engine import validate

    report = validate(path, definition=definition)
    return dataclasses.replace(report, file=given).to_dict()


class ValidateHandler(NxvizHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        path = self.resolve_file()
        definition = self.get_argument("definition", None) or None
        given = self.get_argument("file")
        self.write_json(await self.run_blocking(validate_as_given, path, given, definition))
