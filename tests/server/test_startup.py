"""What the server extension costs Jupyter's start, and what it tells about its own work."""

from __future__ import annotations

import json
import re
import subprocess
import sys


def test_loading_the_extension_leaves_pint_for_a_worker():
    # pint and its unit registry (~0.5 s) are built on the service's executor, not on import
    code = "import sys, nxviz.server.app; print('pint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_answers_say_how_long_the_hdf5_work_took(jp_fetch, jp_root_dir):
    import h5py

    with h5py.File(jp_root_dir / "t.h5", "w") as f:
        f["x"] = [1, 2, 3]

    response = await jp_fetch("nxviz", "api", "data", params={"file": "t.h5", "path": "/x"})

    timing = response.headers["Server-Timing"]
    assert re.fullmatch(r"queue;dur=\d+\.\d, hdf5;dur=\d+\.\d", timing), timing


async def test_work_of_a_request_whose_client_left_is_skipped(
    jp_fetch, jp_serverapp, jp_http_port, jp_base_url, jp_root_dir
):
    import asyncio
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import h5py

    with h5py.File(jp_root_dir / "t.h5", "w") as f:
        f["x"] = [1, 2, 3]
    service = jp_serverapp.web_app.settings["nxviz"]
    busy, release = ThreadPoolExecutor(max_workers=1), threading.Event()
    saved, service.executor = service.executor, busy
    try:
        busy.submit(release.wait, 10)  # the only worker is taken
        reader, writer = await asyncio.open_connection("127.0.0.1", jp_http_port)
        token = jp_serverapp.identity_provider.token
        url = f"{jp_base_url}nxviz/api/data?file=t.h5&path=/x"
        head = f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: token {token}\r\n\r\n"
        writer.write(head.encode())
        await writer.drain()
        await asyncio.sleep(0.3)  # the request waits for the worker
        writer.close()  # the user stepped on: the client cancels
        await asyncio.sleep(0.3)
        before = service.skipped
        release.set()
        for _ in range(50):
            if service.skipped > before:
                break
            await asyncio.sleep(0.05)
        assert service.skipped == before + 1
    finally:
        release.set()
        service.executor = saved
        busy.shutdown()
    # and the server keeps serving
    response = await jp_fetch("nxviz", "api", "data", params={"file": "t.h5", "path": "/x"})
    assert json.loads(response.body) == [1, 2, 3]
