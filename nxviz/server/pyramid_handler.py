"""``pyramid``: the state of a volume's pyramid; POST builds it, DELETE cancels the build.

A pyramid is built by a process of its own (:mod:`nxviz.volumes.build`: reading a whole volume
takes longer than a request may), which this server process starts, watches and stops; when the
server stops, so do its builds (:func:`stop_builds`), and a build whose server died stops too.
While a build runs, its state and its cancelling are answered here, without a worker process:
the workers may all be busy with slices of the same volume, and a cancel must not wait for them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

import tornado.web

from nxviz.server.data_handlers import FileHandler
from nxviz.volumes.build import CANCELLED, PARENT_VARIABLE, REFUSED, pyramid_state
from nxviz.volumes.cache import PARTIAL, PROGRESS, cache_max_bytes, cache_root, read_json


class Build:
    """A pyramid build this server started: its process, its partial folder, what the state
    said when it started and, once ended, how."""

    def __init__(
        self, process: subprocess.Popen[bytes], partial: Path, found: dict[str, Any]
    ) -> None:
        self.process = process
        self.partial = partial
        self.found = found
        self.cancelled = False

    def running(self) -> bool:
        return self.process.poll() is None

    def progress(self) -> dict[str, Any]:
        """The state while it runs, with the planes read so far (its progress file)."""
        done = read_json(self.partial / PROGRESS) or {}
        return self.found | {"state": "building", "done": done.get("done", 0),
                             "total": done.get("total")}  # fmt: skip

    def cancel(self) -> None:
        """Ask the build to stop (it stops within a chunk and removes its partial folder)."""
        if self.running():
            self.cancelled = True
            self.process.terminate()

    def stop(self, grace: float) -> None:
        """Cancel the build and wait for its process; one still running ``grace`` seconds
        later is killed and its folder removed here."""
        if not self.running():
            return
        self.cancel()
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            shutil.rmtree(self.partial, ignore_errors=True)

    def state(self) -> dict[str, Any] | None:
        """None while it runs; else what the view is told (a refusal's one-line notice)."""
        code = self.process.poll()
        if code is None:
            return None
        if code == 0:
            return {"state": "none"}  # built: the cache says so (unless since removed)
        if code == CANCELLED or self.cancelled:
            return {"state": "cancelled"}
        assert self.process.stderr is not None
        lines = self.process.stderr.read().decode(errors="replace").strip().splitlines()
        notice = lines[-1] if lines else "the pyramid could not be built"
        return {"state": "refused" if code == REFUSED else "failed", "notice": notice}


#: builds by pyramid (the cache's key), and that key by the request's file and path
BUILDS: dict[str, Build] = {}
ASKED: dict[tuple[str, str], str] = {}


def stop_builds(grace: float = 10.0) -> None:
    """Cancel every pyramid build still running (the server stops): none outlives it, and
    none leaves a partial pyramid in the cache."""
    builds = list(BUILDS.values())
    BUILDS.clear()
    ASKED.clear()
    for build in builds:
        build.cancel()  # all at once: they stop in parallel
    for build in builds:
        build.stop(grace)


class PyramidHandler(FileHandler):
    """GET: the pyramid's state; POST: build it; DELETE: cancel its build."""

    def running_build(self) -> Build | None:
        """The build this request's volume has running, if any."""
        key = ASKED.get((str(self.resolve_file()), self.entity_path() or ""))
        build = BUILDS.get(key) if key is not None else None
        return build if build is not None and build.running() else None

    async def state(self) -> dict[str, Any]:
        build = self.running_build()
        if build is not None:
            return build.progress()
        work = partial(pyramid_state, path=self.entity_path(), root=str(cache_root()),
                       max_bytes=cache_max_bytes())  # fmt: skip
        found: dict[str, Any] = await self.in_file(work)
        build = BUILDS.get(found["key"])
        if found["state"] == "ready" or build is None:
            return found
        ended = build.state()
        if ended is None:
            return found | {"state": "building"}
        return found if ended["state"] == "none" else found | ended

    @tornado.web.authenticated
    async def get(self) -> None:
        self.write_json(await self.state())

    @tornado.web.authenticated
    async def post(self) -> None:
        found = await self.state()
        if found["state"] in ("ready", "building"):
            self.write_json(found)
            return
        command = [sys.executable, "-m", "nxviz.volumes.build", str(self.resolve_file())]
        command += [found["dataset"], str(cache_root()), str(cache_max_bytes())]
        process = subprocess.Popen(  # noqa: S603 (this interpreter; a file under the root)
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=dict(os.environ, **{PARENT_VARIABLE: str(os.getpid())}),
        )
        folder = cache_root() / (found["key"] + PARTIAL)
        BUILDS[found["key"]] = Build(process, folder, found)
        ASKED[(str(self.resolve_file()), self.entity_path() or "")] = found["key"]
        self.write_json(found | {"state": "building", "done": 0})

    @tornado.web.authenticated
    async def delete(self) -> None:
        build = self.running_build()
        if build is not None:
            build.cancel()
            self.write_json(build.found | {"state": "cancelled"})
            return
        self.write_json(await self.state())
