"""A worker runs what a task deferred (:mod:`nxviz.hdf5.idle`) after its reply, once no task has
come for a moment: never before the reply, never while tasks keep coming."""

from __future__ import annotations

import ctypes
import multiprocessing
import time
from pathlib import Path
from typing import Any

import pytest

from nxviz.hdf5 import idle
from nxviz.server.worker import Settings, Task, main


def note(path: str, text: str, defer: bool) -> str:
    """A task: appends ``text`` to the file; with ``defer``, leaves a note for when idle."""
    with open(path, "a") as f:
        f.write(text + "\n")

    def later(busy: Any) -> None:
        with open(path, "a") as f:
            f.write(f"idle after {text}\n")

    if defer:
        assert idle.defer(later)  # a worker runs deferred work
    return text


def serve(conn: Any, server_end: Any, cancel: Any) -> None:
    server_end.close()  # forked with it: the worker ends when the server closes its end
    main(conn, cancel, 0)


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """A worker process (forked: the setting below is its own) and the server's end of its pipe."""
    monkeypatch.setattr(idle, "IDLE_AFTER", 1.0)
    ctx = multiprocessing.get_context("fork")
    ours, theirs = ctx.Pipe(duplex=True)
    process = ctx.Process(target=serve, args=(theirs, ours, ctx.RawValue(ctypes.c_int, 0)))
    process.start()
    theirs.close()
    yield ours
    ours.close()
    process.join(10)
    alive = process.is_alive()
    if alive:
        process.kill()
    assert not alive, "the worker did not end when its pipe closed"


def ask(conn: Any, tmp_path: Path, text: str, defer: bool) -> None:
    task = Task(note, (str(tmp_path / "log"), text, defer), {}, Settings(root_dir=tmp_path))
    conn.send((task, None))
    reply = conn.recv()
    assert reply[0] == "ok" and reply[1] == text


def test_deferred_work_runs_once_no_task_comes(worker, tmp_path):
    log = tmp_path / "log"
    ask(worker, tmp_path, "first", True)
    ask(worker, tmp_path, "second", False)  # within the second the worker waits: first served
    assert lines(log)[:2] == ["first", "second"]
    for _ in range(200):
        if len(lines(log)) == 3:
            break
        time.sleep(0.05)
    assert lines(log) == ["first", "second", "idle after first"]
    ask(worker, tmp_path, "third", False)  # the worker still answers
    assert lines(log)[-1] == "third"
