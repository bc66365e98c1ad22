"""Benchmark: ``nxviz fair`` on a folder of files against the validator's batch, in one run.

``--files`` small NXmx files (default 1,000; half FAIR-ready, half typical of a beamline) are
written to a temporary folder; both batches run over the folder in this process (definitions
compiled once beforehand, as a long batch pays them once), ``--repeat`` times each, interleaved.
The FAIR check walks each file once and runs the profile as one more definition on the same
tree, so its files/s should be close to the validator's: the ratio printed says how close.

    python benchmarks/fair.py [--files 1000] [--repeat 5] [--jobs 1] [--dask]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import h5py
from validate import write_nxmx  # benchmarks/validate.py: the validator benchmark's NXmx


def fair_ready(path: Path, index: int) -> None:
    """The validator benchmark's minimal NXmx; every second file gets the FAIR metadata."""
    write_nxmx(path)
    if index % 2:
        return
    with h5py.File(path, "a") as f:
        entry = f["entry"]
        entry["title"] = f"run {index}"
        entry["end_time"] = "2024-05-01T10:05:00+02:00"
        entry["experiment_identifier"] = "MX-20240123"
        entry["entry_identifier_uuid"] = f"4f0d3c52-8a43-4b8e-9a7b-{index:012x}"
        entry["definition"].attrs["version"] = "v2026.01"
        user = entry.create_group("user")
        user.attrs["NX_class"] = "NXuser"
        user["name"], user["affiliation"] = "Ada Lovelace", "Example Light Source"
        user["ORCID"] = "0000-0002-1825-0097"


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--dask", action="store_true", help="also compare a dask LocalCluster")
    args = parser.parse_args(argv)

    from nxviz.fair import batch as fair_batch
    from nxviz.validation import batch as validation_batch

    folder = Path(tempfile.mkdtemp(prefix="nxviz-fair-bench-"))
    try:
        for index in range(args.files):
            fair_ready(folder / f"file_{index:05d}.nxs", index)
        files = validation_batch.find_files([folder])
        validation_batch.run_local(files[:1], validation_batch.Options())  # compile once
        fair_batch.run_local(files[:1], fair_batch.Options())
        runs: dict[str, list[float]] = {"validate": [], "fair": []}
        for _ in range(args.repeat):  # interleaved, so drifting load hits both alike
            runs["validate"] += timed(
                lambda: validation_batch.run_local(files, validation_batch.Options(), args.jobs),
                1,
            )
            runs["fair"] += timed(
                lambda: fair_batch.run_local(files, fair_batch.Options(), args.jobs), 1
            )
        print(f"{len(files)} files, jobs={args.jobs}, {args.repeat} runs each (median, spread)")
        rates = {}
        for name, times in runs.items():
            median = statistics.median(times)
            rates[name] = len(files) / median
            print(
                f"  {name:<9} {rates[name]:8.1f} files/s  median {median:6.2f} s  "
                f"min {min(times):6.2f} s  max {max(times):6.2f} s"
            )
        print(f"fair / validate files/s: {rates['fair'] / rates['validate']:.2f}")
        outcomes = fair_batch.run_local(files, fair_batch.Options(), args.jobs)
        scores = [o.report.score for o in outcomes if o.report is not None]
        ready = sum(1 for o in outcomes if o.report is not None and o.report.ready)
        print(f"{ready} files FAIR-ready, mean score {statistics.mean(scores):.1f} %")
        if args.dask:
            import distributed

            with distributed.LocalCluster(
                n_workers=args.jobs, threads_per_worker=1, dashboard_address=None
            ) as cluster:
                start = time.perf_counter()
                remote = fair_batch.run_dask(files, fair_batch.Options(), cluster.scheduler_address)
                elapsed = time.perf_counter() - start
            print(
                f"dask LocalCluster: {len(files) / elapsed:.1f} files/s, "
                f"identical to the local run: {remote == outcomes}"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
