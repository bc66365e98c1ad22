"""Batches: the local process pool and a dask.distributed LocalCluster give the same results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nxviz.cli import main
from nxviz.validation.batch import Options, find_files, run_dask, run_local
from tests.validation.conftest import MakeFile


@pytest.fixture
def folder(make_file: MakeFile, tmp_path: Path) -> Path:
    for definition in ("NXtest", "NXmx", "NXtomo", "NXcanSAS"):
        make_file(definition)
    make_file("NXtest", lambda f: f["/entry"].attrs.__setitem__("version", "9"))
    (tmp_path / "broken.nxs").write_bytes(b"\x00" * 64)
    return tmp_path


def test_find_files_walks_folders_sorted(folder: Path) -> None:
    files = find_files([folder])
    assert files == sorted(files) and len(files) == 6


def test_local_pool_equals_serial(folder: Path) -> None:
    files = find_files([folder])
    seen: list[tuple[int, int]] = []
    serial = run_local(files, Options(), jobs=1)
    pooled = run_local(files, Options(), jobs=3, progress=lambda d, t: seen.append((d, t)))
    assert pooled == serial
    assert seen[-1] == (6, 6)
    assert [o.error_code for o in serial if o.report is None] == ["not_hdf5"]
    assert sum(1 for o in serial if o.report is not None and not o.report.ok) == 1


def test_dask_local_cluster_equals_local_run(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import distributed  # in the test extra: its absence is a failure, not a skip

    files = find_files([folder])
    local = run_local(files, Options(), jobs=1)
    with distributed.LocalCluster(
        host="127.0.0.1",
        protocol="tcp",
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        dashboard_address=None,
    ) as cluster:
        remote = run_dask(files, Options(), cluster.scheduler_address)
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        assert main(["validate", str(folder), "--format", "json", "--scheduler", address]) == 2
        through_cli = json.loads(capsys.readouterr().out)
    assert remote == local
    assert main(["validate", str(folder), "--format", "json"]) == 2
    assert json.loads(capsys.readouterr().out) == through_cli


def test_concurrent_validations_in_threads_do_not_mix(folder: Path) -> None:
    """The server validates in executor threads: each report must equal its serial twin."""
    from concurrent.futures import ThreadPoolExecutor

    from nxviz.validation.engine import validate

    files = [f for f in find_files([folder]) if not f.endswith("broken.nxs")] * 3
    serial = [validate(f) for f in files]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(validate, files))
    assert threaded == serial
