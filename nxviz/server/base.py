"""The base of every nxviz handler: authentication, the root directory, the executor, errors."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jupyter_server.base.handlers import APIHandler
from tornado.web import Finish, HTTPError

from nxviz.errors import NxvizError
from nxviz.server.args import check_arguments
from nxviz.server.config import NxvizService
from nxviz.server.errors import HTTP_CODES, body_for, status_for
from nxviz.server.paths import resolve_under_root

T = TypeVar("T")


class _ClientGone(Exception):
    """The client closed the connection before the work was started."""


class NxvizHandler(APIHandler):
    """Subclasses decorate their verbs with ``@tornado.web.authenticated``."""

    _gone = False

    def on_connection_close(self) -> None:
        # A cancelled request (a frame stepped past, a view closed): work still waiting for a
        # worker is skipped; work already running finishes and its answer is dropped.
        self._gone = True
        super().on_connection_close()

    async def prepare(self) -> None:  # type: ignore[override]
        """Every query argument is checked here, once: a NUL character (which C code, HDF5's
        included, would take as the end of the text) is a 400, never a shortened lookup."""
        await super().prepare()
        check_arguments(self.request.query_arguments)

    @property
    def service(self) -> NxvizService:
        service: NxvizService = self.settings["nxviz"]
        return service

    def resolve_file(self, name: str = "file") -> Path:
        """The request's file argument resolved under the root directory (or an error)."""
        return resolve_under_root(
            self.service.root_dir,
            self.get_argument(name, None),
            allow_hidden=self.service.allow_hidden,
        )

    async def run_blocking(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run HDF5 work on the service's executor: the event loop never waits on it.

        The answer's ``Server-Timing`` header tells how long the work waited for a worker
        (``queue``) and ran (``hdf5``), in milliseconds, for the browser's developer tools.
        """
        loop = asyncio.get_running_loop()
        asked = time.perf_counter()
        times: list[float] = []

        def timed() -> T:
            if self._gone:
                self.service.skipped += 1
                raise _ClientGone
            times.append(time.perf_counter())
            try:
                return fn(*args, **kwargs)
            finally:
                times.append(time.perf_counter())

        try:
            return await loop.run_in_executor(self.service.executor, timed)
        except _ClientGone:
            raise Finish() from None  # nobody to answer
        finally:
            if len(times) == 2 and not self._finished:
                start, end = times
                self.set_header(
                    "Server-Timing",
                    f"queue;dur={(start - asked) * 1000:.1f}, hdf5;dur={(end - start) * 1000:.1f}",
                )

    def write_json(self, data: Any) -> None:
        self.finish(json.dumps(data, allow_nan=False, default=_json_default))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc_info = kwargs.get("exc_info")
        error = exc_info[1] if exc_info else None
        if isinstance(error, NxvizError):
            status_code = status_for(error)
            self.set_status(status_code)
            known = body_for(error)
            body: dict[str, str] = {
                "code": known["code"],
                "message": self.relative_message(known["message"]),
            }
        elif isinstance(error, HTTPError):
            body = {
                "code": HTTP_CODES.get(status_code, f"http_{status_code}"),
                "message": error.log_message or error.reason or self._reason,
            }
        else:
            body = {"code": "internal_error", "message": f"internal error ({status_code})"}
        self.clear_header("Content-Disposition")
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    def relative_message(self, message: str) -> str:
        """A message naming files as the client does: the server's own folders never leak."""
        root = str(self.service.root_dir)
        return message.replace(root + os.sep, "").replace(root, ".")

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, NxvizError):  # an answer, not a bug: no traceback in the log
            self.log.info("nxviz %s: %s", value.code, value.message)
            return
        super().log_exception(typ, value, tb)


def _json_default(value: Any) -> Any:
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
