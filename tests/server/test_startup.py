"""What the server extension costs Jupyter's start, and what it tells about its own work."""

from __future__ import annotations

import re
import subprocess
import sys


def test_loading_the_extension_leaves_pint_for_a_worker():
    # pint and its unit registry (~0.5 s) are built by the workers' fork server, not on import
    code = "import sys, nxviz.server.app; print('pint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_answers_say_how_long_the_hdf5_work_took(jp_fetch, jp_root_dir):
    import h5py

    with h5py.File(jp_root_dir / "t.h5", "w") as f:
        f["x"] = [1, 2, 3]

    response = await jp_fetch("nxviz", "api", "data", params={"file": "t.h5", "path": "/x"})

    timing = response.headers["Server-Timing"]
    parts = r"app;dur=(\d+\.\d), queue;dur=(\d+\.\d), hdf5;dur=(\d+\.\d), "
    parts += r"work;dur=(\d+\.\d), copy;dur=(\d+\.\d)"
    match = re.fullmatch(parts, timing)
    assert match, timing
    app, queue, hdf5, work, copy = (float(x) for x in match.groups())
    # the worker's own time (the work, then its body's copy) is part of the round trip
    assert work > 0 and work + copy <= hdf5 + 0.2  # each rounded to 0.1 ms
