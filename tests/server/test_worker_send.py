"""A worker's reply goes down the pipe in one write when it is small, so the server reads it on
its event loop as soon as it is woken (a pixel's spectrum, 32 kB, used to come as two writes: the
server, woken by the first, found it incomplete and read it on an I/O thread)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import h5py
import numpy as np
import pytest

from nxviz.server import worker
from nxviz.server.slots import LOOP_READ, _peeker, _waiting_whole

CHANNELS = 4096  # a pixel's spectrum as float64: 32 kB, over the 16 kB Connection.send splits


@pytest.fixture
def jp_server_config() -> dict[str, object]:
    return {"ServerApp": {"jpserver_extensions": {"nxviz": True}}, "NxvizService": {"workers": 2}}


def recorded_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the writes the worker module makes from now on."""
    writes: list[int] = []

    def write(fd: int, data: memoryview) -> int:
        writes.append(len(data))
        return os.write(fd, data)

    monkeypatch.setattr(worker, "os", SimpleNamespace(write=write))
    return writes


def test_a_32_kb_reply_is_one_write_that_waits_whole_in_the_pipe(monkeypatch) -> None:
    ours, theirs = multiprocessing.Pipe(duplex=True)
    peek = _peeker(ours)
    assert peek is not None
    writes = recorded_writes(monkeypatch)
    reply = ("ok", np.arange(CHANNELS, dtype="<f8").tobytes(), {"decoded": 0})
    worker.send_whole(theirs, reply)
    assert len(writes) == 1 and writes[0] > 32 * 1024
    assert _waiting_whole(peek, LOOP_READ)  # what the server's loop checks before reading
    assert ours.recv() == reply  # framed as Connection.send frames it
    peek.close()


def test_a_reply_larger_than_one_write_still_arrives_whole(monkeypatch) -> None:
    ours, theirs = multiprocessing.Pipe(duplex=True)
    writes = recorded_writes(monkeypatch)
    reply = ("ok", np.arange(worker.ONE_WRITE, dtype="<f8").tobytes(), {"decoded": 0})
    got: list[Any] = []
    reader = threading.Thread(target=lambda: got.append(ours.recv()))
    reader.start()  # the pipe holds less than the reply: read while it is written
    worker.send_whole(theirs, reply)
    reader.join(30)
    assert writes == []  # sent by Connection.send_bytes, as before
    assert got == [reply]


async def test_pixel_spectra_are_read_on_the_event_loop(jp_fetch, jp_serverapp, jp_root_dir):
    """Every pixel's reply is read by the loop, none on an I/O thread, and each spectrum is the
    file's (h5py's read)."""
    path: Path = jp_root_dir / "cube.h5"
    values = np.random.default_rng(4).integers(0, 9000, (3, 5, CHANNELS), dtype=np.uint32)
    with h5py.File(path, "w") as f:
        data = f.create_group("entry/data")
        data.attrs.update({"NX_class": "NXdata", "signal": "spectra", "axes": [".", ".", "e"]})
        data.create_dataset("spectra", data=values, chunks=(1, 5, CHANNELS), compression="gzip")
        data["e"] = np.arange(CHANNELS) * 0.01
    pool = jp_serverapp.web_app.settings["nxviz"].pool
    on_threads: list[str] = []
    for slot in pool._slots:
        real = slot.io

        class Counting:
            def submit(self, fn: Any, *args: Any, real: Any = real) -> Any:
                if getattr(fn, "__name__", "") == "recv":
                    on_threads.append(fn.__name__)
                return real.submit(fn, *args)

        slot.io = Counting()
    for row, col in [(0, 0), (1, 2), (2, 4), (0, 3), (2, 1)]:
        response = await jp_fetch(
            "nxviz", "api", "xrf", "spectrum",
            params={"file": "cube.h5", "path": "/entry/data/spectra", "pixel": f"{row},{col}",
                    "format": "bin"},
        )  # fmt: skip
        with h5py.File(path, "r") as f:
            expected = f["/entry/data/spectra"][row, col].astype("<f8")
        np.testing.assert_array_equal(np.frombuffer(response.body, "<f8"), expected)
    assert on_threads == []
