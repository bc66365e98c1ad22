"""open_readonly and FileCache: read-only, errors mapped, bounded, reopened on change."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.errors import FileAccessError, NotHDF5Error
from nxviz.hdf5.open import FileCache, open_readonly


def write(path: Path, value: int) -> Path:
    with h5py.File(path, "w") as f:
        f["x"] = value
    return path


def replace(path: Path, value: int) -> None:
    """Write a new version next to the file and rename it over (as writers do), newer mtime."""
    write(path.with_suffix(".tmp"), value)
    os.replace(path.with_suffix(".tmp"), path)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


def test_files_open_read_only(tmp_path: Path):
    with open_readonly(write(tmp_path / "a.h5", 1)) as f:
        assert f.mode == "r"
        with pytest.raises((OSError, ValueError)):
            f["y"] = 2


@pytest.mark.parametrize(
    "flags",
    [{"locking": False}, {"swmr": True, "locking": False}],
    ids=["no-locking", "swmr-no-locking"],
)
def test_a_file_already_open_in_this_process_opens_again(tmp_path: Path, flags: dict):
    path = tmp_path / "a.h5"
    with h5py.File(path, "w", libver="latest") as f:
        f["x"] = 5
    with h5py.File(path, "r", **flags) as first, open_readonly(path) as second:
        assert second["x"][()] == first["x"][()] == 5


@pytest.mark.parametrize("flags", [{}, {"swmr": True}], ids=["default", "swmr"])
def test_a_file_open_with_locking_in_this_process_is_refused_not_locked(
    tmp_path: Path, flags: dict
):
    """Sharing that open would keep its lock held as long as the server's handle lives."""
    path = tmp_path / "a.h5"
    with h5py.File(path, "w", libver="latest") as f:
        f["x"] = 5
    with h5py.File(path, "r", **flags), pytest.raises(FileAccessError) as raised:
        open_readonly(path)
    assert "already opened" in raised.value.message
    assert str(tmp_path) not in raised.value.message


def test_a_file_being_written_in_swmr_mode_can_be_read(tmp_path: Path):
    path = tmp_path / "swmr.h5"
    # in this process HDF5 shares the writer's open file: its flags must match the reader's
    writer = h5py.File(path, "w", libver="latest", locking=False)
    data = writer.create_dataset("x", shape=(0,), maxshape=(None,), dtype="i4", chunks=(4,))
    writer.swmr_mode = True
    data.resize((3,))
    data[:] = [1, 2, 3]
    data.flush()
    try:
        with open_readonly(path) as reader:
            assert reader["x"][()].tolist() == [1, 2, 3]
    finally:
        writer.close()


@pytest.mark.parametrize(
    ("content", "error"),
    [(b"hello, not hdf5" * 10, NotHDF5Error), (b"", NotHDF5Error), (None, FileAccessError)],
    ids=["text", "empty", "missing"],
)
def test_open_errors_are_nxviz_errors(tmp_path: Path, content: bytes | None, error: type):
    path = tmp_path / "f.h5"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(error):
        open_readonly(path)


def test_cache_reuses_handles_and_is_bounded(tmp_path: Path):
    cache = FileCache(max_files=2)
    paths = [write(tmp_path / f"{i}.h5", i) for i in range(3)]
    with cache.open(paths[0]) as first:
        pass
    with cache.open(paths[0]) as again:
        assert again is first
    for path in paths[1:]:
        with cache.open(path):
            pass
    assert len(cache) == 2
    assert not first.id.valid  # the oldest was evicted and closed
    cache.close()


def test_cache_reopens_a_file_that_changed(tmp_path: Path):
    cache = FileCache()
    path = write(tmp_path / "a.h5", 1)
    with cache.open(path) as f:
        assert f["x"][()] == 1
    replace(path, 2)
    with cache.open(path) as f:
        assert f["x"][()] == 2
    cache.close()


def test_a_handle_in_use_survives_eviction(tmp_path: Path):
    cache = FileCache(max_files=1)
    a, b = write(tmp_path / "a.h5", 1), write(tmp_path / "b.h5", 2)
    with cache.open(a) as held:
        with cache.open(b):
            pass
        assert held.id.valid and held["x"][()] == 1
    assert not held.id.valid
    cache.close()


def test_forget_closes_so_this_process_can_rewrite_the_file(tmp_path: Path):
    cache = FileCache()
    path = write(tmp_path / "a.h5", 1)
    with cache.open(path) as f:
        pass
    cache.forget(path)
    assert not f.id.valid and len(cache) == 0
    write(path, 2)  # HDF5 refuses to truncate a file this process still has open
    with cache.open(path) as f:
        assert f["x"][()] == 2
    cache.close()


def test_a_deleted_file_is_dropped_from_the_cache(tmp_path: Path):
    cache = FileCache()
    path = write(tmp_path / "a.h5", 1)
    with cache.open(path) as f:
        pass
    path.unlink()
    with pytest.raises(FileAccessError):
        with cache.open(path):
            pass
    assert not f.id.valid and len(cache) == 0


def test_memo_is_dropped_with_the_file(tmp_path: Path):
    cache = FileCache()
    path = write(tmp_path / "a.h5", 1)
    calls: list[int] = []
    with cache.open(path) as f:
        assert cache.memo(f, "k", lambda: calls.append(1) or 5) == 5
        assert cache.memo(f, "k", lambda: calls.append(1) or 6) == 5
    replace(path, 3)
    with cache.open(path) as f:
        assert cache.memo(f, "k", lambda: calls.append(1) or 7) == 7
    assert len(calls) == 2
    cache.close()


def test_threads_share_the_cache(tmp_path: Path):
    cache = FileCache(max_files=2)
    paths = [write(tmp_path / f"{i}.h5", i) for i in range(4)]
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for i in range(40):
                path = paths[(i + k) % len(paths)]
                with cache.open(path) as f:
                    assert int(np.asarray(f["x"])) == int(path.stem)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(cache) <= 2
    cache.close()


def test_no_attempt_ever_opens_with_file_locking(tmp_path: Path, monkeypatch):
    """A file caught mid-rewrite fails every attempt; none of them may fall back to locking
    (a lock the server then holds makes the writer's next open fail with errno 11)."""
    import nxviz.hdf5.open as module

    path = write(tmp_path / "a.h5", 1)
    calls: list[dict] = []

    def failing_file(name: str, mode: str, **flags: object) -> h5py.File:
        calls.append(flags)
        raise OSError("Unable to synchronously open file (truncated file: eof = 96)")

    monkeypatch.setattr(module.h5py, "File", failing_file)
    with pytest.raises(FileAccessError) as raised:
        open_readonly(path)

    assert calls and all(flags["locking"] is False for flags in calls)
    assert raised.value.code == "damaged_file"


def test_a_file_read_by_the_cache_can_be_rewritten_by_a_writer(tmp_path: Path):
    import subprocess
    import sys

    path = write(tmp_path / "a.h5", 1)
    cache = FileCache()
    rewrite = "import h5py, sys; f = h5py.File(sys.argv[1], 'w'); f['x'] = 2; f.close()"
    with cache.open(path) as f:
        assert f["x"][()] == 1
        done = subprocess.run(
            [sys.executable, "-c", rewrite, str(path)], capture_output=True, text=True, check=False
        )
    cache.close()

    assert done.returncode == 0, done.stderr  # no "unable to lock file"
