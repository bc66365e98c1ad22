"""How long ``nxviz demo`` takes to write its data set (target: under 30 s on 2 cores).

Baseline named in the same run: writing the same number of bytes of raw uint32 frames with
h5py, uncompressed, so the figure can be read as a ratio to plain disk writing.

    python benchmarks/demo.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import h5py
import numpy as np

from nxviz.demo import write_demo


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        paths = write_demo(Path(tmp) / "demo")
        demo_s = time.perf_counter() - start
        size = sum(p.stat().st_size for p in paths)
        with h5py.File(Path(tmp) / "demo" / "eiger_master.nxs", "r") as master:
            frames = sum(
                master[f"/entry/data/{name}"].shape[0]
                for name in master["/entry/data"]
                if name.startswith("data_0")
            )
        frame = np.random.default_rng(0).poisson(2.0, (1065, 1030)).astype(np.uint32)
        start = time.perf_counter()
        with h5py.File(Path(tmp) / "raw.h5", "w") as raw:
            stack = raw.create_dataset("data", (frames, *frame.shape), np.uint32)
            for index in range(frames):
                stack[index] = frame
        raw_s = time.perf_counter() - start
    print(f"demo data set: {len(paths)} files, {size / 1e6:.0f} MB on disk, {demo_s:.2f} s")
    print(f"baseline: {frames} raw uint32 frames written uncompressed with h5py: {raw_s:.2f} s")
    print(
        f"ratio demo/baseline: {demo_s / raw_s:.1f}x; target under 30 s: "
        f"{'met' if demo_s < 30 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
