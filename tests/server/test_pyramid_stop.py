"""A pyramid build ends with the server that started it and leaves nothing in the cache."""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.request
import zlib
from pathlib import Path

import h5py
import numpy as np
import pytest

from tests.browser.lab import LabServer, start_lab

SHAPE = (384, 1024, 1024)  # three slabs of the build: it runs for seconds, not milliseconds
PATH = "/entry/volume"


def write_volume(path: Path) -> None:
    """A gzip volume of frame-sized chunks, quick to write: the same stored chunk each frame."""
    frame = np.add.outer(np.arange(SHAPE[1]), np.arange(SHAPE[2])).astype("<u2")
    stored = zlib.compress(frame.tobytes(), 1)
    with h5py.File(path, "w") as f:
        data = f.create_dataset(
            PATH, shape=SHAPE, dtype="<u2", chunks=(1, *SHAPE[1:]), compression="gzip"
        )
        for z in range(SHAPE[0]):
            data.id.write_direct_chunk((z, 0, 0), stored)


def post_build(server: LabServer) -> dict[str, object]:
    request = urllib.request.Request(
        f"{server.base}/nxviz/api/pyramid?file=v.h5&path={PATH}",
        data=b"",
        method="POST",
        headers={"Authorization": f"token {server.token}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        got: dict[str, object] = json.loads(response.read())
    return got


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        if int(text[text.rindex(")") + 2 :].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def command_line(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def running(pid: int) -> bool:
    """Whether the process exists and has not ended (a zombie has ended)."""
    try:
        text = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return text[text.rindex(")") + 2] != "Z"


def a_build_under_way(server: LabServer, pyramids: Path) -> int:
    """The pid of the build once it has begun writing its partial pyramid."""
    assert post_build(server)["state"] == "building"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if list(pyramids.glob("*.partial/progress.json")):
            break
        time.sleep(0.05)
    else:
        pytest.fail("the build never started writing its pyramid")
    builds = [p for p in children(server.process.pid) if "nxviz.volumes.build" in command_line(p)]
    assert len(builds) == 1, [command_line(p) for p in children(server.process.pid)]
    return builds[0]


@pytest.fixture
def setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    root, home = tmp_path / "root", tmp_path / "home"
    root.mkdir()
    write_volume(root / "v.h5")
    monkeypatch.setenv("NXVIZ_CACHE_DIR", str(tmp_path / "cache"))
    return root, home, tmp_path / "cache" / "pyramids"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_stopping_the_server_stops_its_build_and_leaves_no_partial_pyramid(setting):
    root, home, pyramids = setting
    server = start_lab(root, home)
    try:
        build = a_build_under_way(server, pyramids)
    finally:
        server.process.send_signal(signal.SIGTERM)
        code = server.process.wait(timeout=60)

    assert code == 0  # stopped as asked (its extensions' teardown ran), not killed
    assert not running(build)
    assert list(pyramids.iterdir()) == []
    assert sorted(p.name for p in root.iterdir()) == ["v.h5"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_build_whose_server_was_killed_stops_and_removes_its_partial_pyramid(setting):
    root, home, pyramids = setting
    server = start_lab(root, home)
    try:
        build = a_build_under_way(server, pyramids)
        workers = children(server.process.pid)
    finally:
        server.process.kill()  # no teardown: the build hears of it from the kernel
        server.process.wait(timeout=60)
    try:
        deadline = time.monotonic() + 60
        while running(build) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not running(build)
        assert list(pyramids.iterdir()) == []
    finally:
        for pid in workers:  # the worker processes the killed server could not stop
            if running(pid):
                os.kill(pid, signal.SIGKILL)
