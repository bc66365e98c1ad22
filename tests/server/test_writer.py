"""A detector's writer rewrites a file while the server reads it: the writer never meets a
lock of the server's, and the server never answers 500 (a read that met the change is a 409)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from tornado.httpclient import HTTPClientError

from tests.hdf5.factories import write_nxmx

#: rewrites the file in place (same inode, truncated) with HDF5's default file locking until
#: the stop file appears; prints the failed rewrites and the rewrites, then the first errors
WRITER = r"""
import os, sys, h5py, numpy as np
path, stop = sys.argv[1], sys.argv[2]
failures, rounds = [], 0
while not os.path.exists(stop):
    rounds += 1
    try:
        with h5py.File(path, "w") as f:
            entry = f.create_group("entry")
            entry.attrs["NX_class"] = "NXentry"
            data = entry.create_group("data")
            data.attrs["NX_class"] = "NXdata"
            data.attrs["signal"] = "data"
            data["data"] = np.full((64, 64), rounds, dtype="u2")
            entry["title"] = f"round {rounds}"
    except OSError as error:
        failures.append(str(error))
print(len(failures), rounds)
for failure in failures[:5]:
    print(failure)
"""

ROUNDS = 25
REQUESTS = [
    ("meta", {"path": "/entry/data"}),
    ("data", {"path": "/entry/data/data", "format": "npy"}),
    ("image", {"path": "/entry/data/data"}),
    ("stats", {"path": "/entry/data/data"}),
    ("nexus", {}),
    ("validate", {}),
]


async def test_a_writer_rewriting_the_file_meets_no_lock_and_no_500(jp_fetch, jp_root_dir: Path):
    path = jp_root_dir / "live.h5"
    stop = jp_root_dir.parent / "stop-writing"
    write_nxmx(path, n_frames=1)

    async def one(endpoint: str, params: dict[str, str]) -> int:
        try:
            response = await jp_fetch(
                "nxviz", "api", endpoint, params={"file": "live.h5", **params}
            )
        except HTTPClientError as error:
            assert error.response is not None
            body = json.loads(error.response.body)
            assert set(body) == {"code", "message"}
            return error.code
        return response.code

    await one("validate", {})  # definitions compiled before the writer starts
    writer = await asyncio.create_subprocess_exec(
        sys.executable, "-c", WRITER, str(path), str(stop), stdout=asyncio.subprocess.PIPE
    )
    statuses: list[int] = []
    try:
        for _ in range(ROUNDS):
            statuses += await asyncio.gather(*(one(e, p) for e, p in REQUESTS))
    finally:
        stop.touch()
        output, _ = await writer.communicate()
    failed, rewrites = (int(n) for n in output.decode().splitlines()[0].split())

    assert failed == 0, output.decode()  # no rewrite failed (no "unable to lock file")
    assert rewrites > ROUNDS  # the file did change under the reads
    assert 500 not in statuses
    assert set(statuses) <= {200, 404, 409, 415, 422}, sorted(set(statuses))
    after = await asyncio.gather(*(one(e, p) for e, p in REQUESTS))
    assert after == [200] * len(REQUESTS)  # the finished file reads as usual
