"""The base of every nxviz handler: authentication, the root directory, the worker pool, errors."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
from jupyter_server.base.handlers import APIHandler
from tornado.iostream import StreamClosedError
from tornado.web import Finish, HTTPError

from nxviz.errors import (
    NxvizError,
    RequestCancelledError,
    TimeLimitError,
    UnresponsiveFileError,
)
from nxviz.server.args import check_arguments
from nxviz.server.bodies import Lease, as_bytes
from nxviz.server.config import NxvizService
from nxviz.server.errors import HTTP_CODES, body_for, status_for
from nxviz.server.paths import resolve_under_root
from nxviz.server.worker import Task
from nxviz.server.workers import ClientGone, Request, WorkerDied

T = TypeVar("T")


class NxvizHandler(APIHandler):
    """Subclasses decorate their verbs with ``@tornado.web.authenticated``."""

    #: run in the pool's heavy lane from the start (slow by nature, e.g. validation)
    heavy = False
    #: the work answers a body (bytes or an array, alone, first in a tuple, or ``Encoded``'s)
    #: that comes back from the worker in shared memory as a memoryview; :meth:`send_body`
    #: writes it
    shares_body = False
    _file: Path | None = None
    _request: Request | None = None
    _gone = False
    _lease: Lease | None = None

    def on_connection_close(self) -> None:
        # A cancelled request (a frame stepped past, a view closed): work still waiting for a
        # worker is skipped; work already running is told to stop at its next checkpoint.
        self._gone = True
        if self._request is not None:
            self._request.leave()
        # normal (a view closed, a frame stepped past): one line at debug level, no traceback
        self.log.debug("nxviz: the client left %s %s", self.request.method, self.request.path)
        super().on_connection_close()

    async def prepare(self) -> None:  # type: ignore[override]
        """Every query argument is checked here, once: a NUL character (which C code, HDF5's
        included, would take as the end of the text) is a 400, never a shortened lookup."""
        await super().prepare()
        check_arguments(self.request.query_arguments)
        if self.service.settler is not None:
            self.service.settler.first_request()

    @property
    def service(self) -> NxvizService:
        service: NxvizService = self.settings["nxviz"]
        return service

    def resolve_file(self, name: str = "file") -> Path:
        """The request's file argument resolved under the root directory (or an error).

        The file is remembered: a file that made an earlier request run past the time bound
        is refused (422) until it changes, and a request that runs past it marks the file."""
        path = resolve_under_root(
            self.service.root_dir,
            self.get_argument(name, None),
            allow_hidden=self.service.allow_hidden,
        )
        self._file = path
        return path

    async def run_blocking(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run HDF5 work in one of the service's worker processes: the event loop never waits
        on it, and a request that hangs is killed without taking Jupyter with it.

        ``fn`` is a module-level function and the arguments are picklable (they cross to the
        worker process, as the answer crosses back). The answer's ``Server-Timing`` header
        tells how long the work waited for a worker (``queue``) and ran (``hdf5``), in ms.
        """
        service = self.service
        stamp = _stamp(self._file) if self._file is not None else None
        if self._file is not None and stamp is not None:
            if service.unresponsive.get(self._file) == stamp:
                raise UnresponsiveFileError(
                    f"{self._file.name}: an earlier request on this file ran past the "
                    "server's time bound; it is refused until the file changes"
                )
        handed = self.request.request_time()  # Jupyter's part so far: parsing, auth, checks
        task = Task(fn, args, kwargs, service.settings(), heavy=self.heavy)
        request = Request(task, heavy=self.heavy, gone=self._gone, shares_body=self.shares_body)
        self._request = request
        try:
            value: T = await service.pool.run(request)
        except ClientGone:
            raise Finish() from None  # nobody to answer
        except RequestCancelledError:
            raise Finish() from None
        except (TimeLimitError, WorkerDied) as error:
            if self._file is not None and stamp is not None:
                service.unresponsive[self._file] = stamp
            if isinstance(error, WorkerDied):
                raise UnresponsiveFileError(
                    f"{self._file.name if self._file else 'the request'}: reading it stopped "
                    "the worker process; it is refused until the file changes"
                ) from None
            raise
        finally:
            self._request = None
            self._lease = request.lease
        if not self._finished:
            self.set_header("Server-Timing", _timing(handed, request))
        return value

    async def send_body(self, body: bytes | memoryview | np.ndarray, content_type: str) -> None:
        """Finish with a binary body. A body in shared memory (a memoryview, see
        :mod:`nxviz.server.bodies`) goes to the socket without a copy: the headers first, then
        the view, written by the event loop as the socket takes it (the loop never waits), and
        its segment is given back once written or once the client has gone."""
        try:
            body = as_bytes(body)  # an array's bytes (pickled back when it was small)
            if isinstance(body, bytes) or self._transforms_body():
                self.finish(bytes(body), set_content_type=content_type)
                return
            self.set_header("Content-Type", content_type)
            self.set_header("Content-Length", len(body))
            try:
                self.flush()  # the headers alone
                connection = self.request.connection
                assert connection is not None
                # the HTTP/1 connection writes any buffer (its stream keeps a memoryview
                # without a copy); its annotation says bytes
                await connection.write(cast(bytes, body))
            except StreamClosedError:
                return  # the client left mid-answer: normal, nothing to log
            self.finish(set_content_type=content_type)
        finally:
            self._release_body()

    def _transforms_body(self) -> bool:
        """Whether tornado may rewrite bodies (gzip when the server enables compression):
        then the body goes through ``finish`` as bytes."""
        return bool(self.settings.get("compress_response") or self.settings.get("gzip"))

    def _release_body(self) -> None:
        lease, self._lease = self._lease, None
        if lease is not None:
            lease.release()

    def on_finish(self) -> None:
        self._release_body()  # an answer that failed before its body was written
        super().on_finish()

    def compute_etag(self) -> str | None:
        """No ETag: tornado would hash every body (a full frame's SHA-1 blocks the event loop
        for tens of ms) for caching that API answers never get."""
        return None

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


def _timing(handed: float, request: Request) -> str:
    """The ``Server-Timing`` of an answer, in ms: ``app`` from the request's arrival to its
    hand-over to the pool, ``queue`` waiting for a worker, ``hdf5`` from the hand-over to the
    worker's reply, of which ``work`` ran the work and ``copy`` put its body in shared memory
    (the rest of ``hdf5`` is the way there and back)."""
    spent = request.spent
    work, copy = spent.get("work_ns", 0) / 1e6, spent.get("copy_ns", 0) / 1e6
    return (
        f"app;dur={handed * 1000:.1f}, queue;dur={request.queued * 1000:.1f}, "
        f"hdf5;dur={request.ran * 1000:.1f}, work;dur={work:.1f}, copy;dur={copy:.1f}"
    )


def _json_default(value: Any) -> Any:
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)
