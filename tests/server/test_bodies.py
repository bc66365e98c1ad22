"""Large answer bodies come back from the worker processes through shared memory
(nxviz.server.bodies): byte for byte what h5py reads, larger than a slot's first segment,
segments reused, and clients leaving mid-answer cost neither a traceback nor a later answer."""

from __future__ import annotations

import asyncio
import logging
import socket
import struct
from typing import Any

import h5py
import numpy as np
import pytest

from nxviz.server.bodies import FIRST


@pytest.fixture
def jp_server_config() -> dict[str, object]:
    return {"ServerApp": {"jpserver_extensions": {"nxviz": True}}, "NxvizService": {"workers": 2}}


def pool_of(jp_serverapp: Any) -> Any:
    return jp_serverapp.web_app.settings["nxviz"].pool


def write_frames(path: Any) -> np.ndarray:
    """Two frames of 1800×1700 float32 (12 MB each: more than a slot's first segment)."""
    rng = np.random.default_rng(20261127)
    frames = rng.normal(size=(2, 1800, 1700)).astype("<f4")
    with h5py.File(path, "w") as f:
        f["frames"] = frames
        f["small"] = np.arange(10, dtype="<i4")
    return frames


async def test_a_body_larger_than_the_first_segment_arrives_intact_through_shared_memory(
    jp_fetch, jp_serverapp, jp_root_dir
):
    frames = write_frames(jp_root_dir / "f.h5")
    assert frames[0].nbytes > FIRST
    pool = pool_of(jp_serverapp)
    for index in (0, 1, 0):
        params = {"file": "f.h5", "path": "/frames", "selection": str(index), "format": "bin"}
        response = await jp_fetch("nxviz", "api", "data", params=params)
        assert response.headers["Content-Length"] == str(frames[index].nbytes)
        assert response.body == frames[index].tobytes()
    assert pool.counters.shared == 3
    assert pool.counters.copied == 3 * frames[0].nbytes  # read apart, then copied there

    # a small body is pickled with the reply, as before
    params = {"file": "f.h5", "path": "/small", "format": "bin"}
    small = await jp_fetch("nxviz", "api", "data", params=params)
    assert small.body == np.arange(10, dtype="<i4").tobytes()
    assert pool.counters.shared == 3


async def _reset_mid_answer(port: int, request: bytes) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    await reader.read(1024)  # the answer has started: the server is writing the segment
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.close()  # RST


async def test_clients_leaving_mid_answer_leave_the_segments_usable(
    jp_fetch, jp_serverapp, jp_http_port, jp_base_url, jp_root_dir, caplog
):
    frames = write_frames(jp_root_dir / "f.h5")
    token = jp_serverapp.identity_provider.token
    url = f"{jp_base_url}nxviz/api/data?file=f.h5&path=/frames&selection=1&format=bin"
    head = f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: token {token}\r\n\r\n"
    caplog.set_level(logging.DEBUG)

    await asyncio.gather(*(_reset_mid_answer(jp_http_port, head.encode()) for _ in range(12)))
    await asyncio.sleep(0.5)

    for index in (0, 1):
        params = {"file": "f.h5", "path": "/frames", "selection": str(index), "format": "bin"}
        response = await jp_fetch("nxviz", "api", "data", params=params)
        assert response.body == frames[index].tobytes()
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info is not None]
    assert problems == [], [r.getMessage() for r in problems]


async def test_an_image_crosses_as_the_array_s_own_bytes(jp_fetch, jp_serverapp, jp_root_dir):
    frame = np.random.default_rng(5).integers(0, 1000, size=(600, 700)).astype("<u4")
    with h5py.File(jp_root_dir / "i.h5", "w") as f:
        f["frames"] = frame[np.newaxis]
    pool = pool_of(jp_serverapp)
    params = {"file": "i.h5", "path": "/frames", "selection": "0", "width": "1024"}
    response = await jp_fetch("nxviz", "api", "image", params=params)
    assert response.headers["X-Nxviz-Image-Shape"] == "600,700"
    image = np.frombuffer(response.body, dtype="<f4").reshape(600, 700)
    np.testing.assert_array_equal(image, frame.astype("<f4"))  # one pixel a bin
    assert pool.counters.shared == 1
    assert pool.counters.copied == 0  # the image was made in the shared memory itself

    # reduced (2×2 bins, max) and with its gaps left out, made there too, answer after answer
    gap = np.iinfo("<u4").max
    frame[:4, :] = gap  # two rows of bins with nothing but gaps
    frame[::7, :] = gap
    with h5py.File(jp_root_dir / "gaps.h5", "w") as f:
        f["frames"] = np.stack([frame, np.where(frame == gap, gap, frame + 1)])
    for index in (0, 1, 0):
        size = {"width": "350", "height": "300"}
        params = {"file": "gaps.h5", "path": "/frames", "selection": str(index), **size}
        response = await jp_fetch("nxviz", "api", "image", params=params)
        image = np.frombuffer(response.body, dtype="<f4").reshape(300, 350)
        pixels = np.where(frame == gap, -1, frame.astype(np.int64) + index)
        bins = pixels.reshape(300, 2, 350, 2).max(axis=(1, 3)).astype("<f4")
        np.testing.assert_array_equal(image, np.where(bins < 0, np.nan, bins))
        assert np.isnan(image[:2]).all() and not np.isnan(image[2:]).any()
    assert pool.counters.shared == 4 and pool.counters.copied == 0


def test_an_array_made_in_the_offered_segment_is_not_copied_and_others_are():
    from multiprocessing.shared_memory import SharedMemory

    from nxviz.server.bodies import SMALL, Outbox, Shared
    from nxviz.server.worker import answer_array

    segment = SharedMemory(create=True, size=FIRST)
    outbox = Outbox()
    try:
        offer = (segment.name, segment.size)
        assert outbox.array(offer, (FIRST // 4 + 1,), "<f4") is None  # does not fit
        assert outbox.array(offer, (SMALL // 8,), "<f4") is None  # small: pickled anyway
        assert outbox.array(None, (1000, 1000), "<f4") is None  # nothing offered
        made = outbox.array(offer, (500, 600), "<f4")
        made[...] = np.arange(300_000, dtype="<f4").reshape(500, 600)
        lifted = outbox.lift((made, {"k": 1}), offer, room=lambda size: offer)
        assert lifted == (Shared(made.nbytes), {"k": 1}) and outbox.copied == 0
        assert bytes(segment.buf[: made.nbytes]) == made.tobytes()

        other = np.full((500, 600), 7, dtype="<f4")  # made apart: copied there
        assert outbox.lift(other, offer, room=lambda size: offer) == Shared(other.nbytes)
        assert outbox.copied == other.nbytes
        assert bytes(segment.buf[: other.nbytes]) == other.tobytes()
        del made
    finally:
        outbox.close()
        segment.close()
        segment.unlink()
    # outside a worker's task: an ordinary array
    plain = answer_array((500, 600), np.float32)
    assert plain.shape == (500, 600) and plain.flags.owndata
