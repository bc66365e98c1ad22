"""Values compressed with a filter only hdf5plugin registers are read, although a validation
run imports hdf5plugin only when a read needs it (a fresh interpreter, as the CLI runs)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import h5py
import hdf5plugin
import numpy as np

_SCRIPT = """
import json, sys
import h5py
from nxviz.validation.rules.values import sample
from nxviz.validation.walk import walk

before = "hdf5plugin" in sys.modules
with h5py.File(sys.argv[1], "r") as f:
    tree = walk(f)
    small = tree.get("/small").value.tolist()
    values, count, total = sample(f, tree.get("/large"))
print(json.dumps({"before": before, "small": small, "large": values[:3].tolist(),
                  "count": count, "after": "hdf5plugin" in sys.modules}))
"""


def test_filtered_values_are_read_after_a_first_failed_read(tmp_path: Path) -> None:
    path = tmp_path / "lz4.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("small", data=np.arange(4, dtype=np.int32), **hdf5plugin.LZ4())
        large = np.arange(1000, dtype=np.int64) - 1
        f.create_dataset("large", data=large, chunks=(100,), **hdf5plugin.LZ4())
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found = json.loads(done.stdout)
    assert found == {
        "before": False,
        "small": [0, 1, 2, 3],
        "large": [-1, 0, 1],
        "count": 1000,
        "after": True,
    }
