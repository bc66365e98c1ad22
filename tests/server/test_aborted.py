"""Clients that reset their connection mid-answer are normal: no traceback, one debug line."""

from __future__ import annotations

import asyncio
import logging
import socket
import struct

import h5py
import numpy as np


async def reset(port: int, request: bytes, *, mid_answer: bool) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    if mid_answer:
        await reader.read(1024)  # the answer has started
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.close()  # RST, not FIN


async def test_clients_resetting_mid_answer_leave_no_traceback(
    jp_fetch, jp_serverapp, jp_http_port, jp_base_url, jp_root_dir, caplog
):
    with h5py.File(jp_root_dir / "big.h5", "w") as f:
        f["x"] = np.arange(1 << 20, dtype="<f8")  # 8 MiB as npy
    token = jp_serverapp.identity_provider.token
    url = f"{jp_base_url}nxviz/api/data?file=big.h5&path=/x&format=npy"
    head = f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: token {token}\r\n\r\n"
    caplog.set_level(logging.DEBUG)

    await asyncio.gather(
        *(reset(jp_http_port, head.encode(), mid_answer=i % 2 == 0) for i in range(40))
    )
    await asyncio.sleep(0.5)

    params = {"file": "big.h5", "path": "/x", "selection": "0"}
    response = await jp_fetch("nxviz", "api", "data", params=params)
    assert response.code == 200
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info is not None]
    assert problems == [], [r.getMessage() for r in problems]
