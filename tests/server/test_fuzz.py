"""Byte-flipped copies of the test files and of the real facility files, through every endpoint
and the command-line validator: each answer is a result or a 4xx with a reason, never a 500,
never a traceback in the log, and the CLI names each unreadable file on one line (exit 2).

The flips use a fixed seed: a failure names the mutant, and ``MUTANTS_PER_FILE``/``SEED`` give
the same bytes again. Half the mutants have their flips in the first 4 KiB (superblock and
root object headers), half anywhere.
"""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path
from typing import Any

import h5py
import pytest
from tornado.httpclient import HTTPClientError

from nxviz.cli import main
from tests.conftest import REAL_DATA
from tests.hdf5.factories import write_nxmx, write_tree
from tests.validation.test_killable import checkers

SEED = 20261127
MUTANTS_PER_FILE = 3
#: a mutant on which HDF5 itself loops forever reading an attribute (any reader, h5py's
#: high-level API included): the server answers it within its time bound (the worker is killed,
#: then the file is refused until it changes), the command line within ``--timeout``
HANGS_HDF5 = {"nexusformat_chopper-1.h5"}


@pytest.fixture
def jp_server_config() -> dict[str, object]:
    # a time bound well under the test client's own 20 s, so a hung worker is answered
    return {
        "ServerApp": {"jpserver_extensions": {"nxviz": True}},
        "NxvizService": {"request_timeout": 5.0},
    }


def _datasets(path: Path) -> list[str]:
    """Up to three datasets of the original file (the mutants are asked about them)."""
    found: list[str] = []

    def visit(name: str, obj: Any) -> None:
        if isinstance(obj, h5py.Dataset) and len(found) < 3 and obj.ndim >= 1:
            found.append("/" + name)

    with h5py.File(path, "r", locking=False) as f:
        f.visititems(visit)
    return found


def _mutate(data: bytes, rng: random.Random, head: bool) -> bytes:
    flipped = bytearray(data)
    limit = min(len(flipped), 4096) if head else len(flipped)
    for _ in range(rng.randint(4, 40)):
        flipped[rng.randrange(limit)] ^= 1 << rng.randrange(8)
    return bytes(flipped)


@pytest.fixture
def mutants(jp_root_dir: Path, tmp_path: Path) -> dict[str, list[str]]:
    """Mutant name (in the root's ``fuzz`` folder) -> the dataset paths to ask about."""
    originals = tmp_path / "originals"
    originals.mkdir()
    bases = [write_tree(originals / "tree.h5"), write_nxmx(originals / "nxmx.h5")]
    bases += sorted(p for p in REAL_DATA.iterdir() if p.suffix in (".h5", ".nxs", ".hdf5"))
    folder = jp_root_dir / "fuzz"
    folder.mkdir()
    rng = random.Random(SEED)
    found: dict[str, list[str]] = {}
    for base in bases:
        data, paths = base.read_bytes(), _datasets(base)
        for index in range(MUTANTS_PER_FILE):
            name = f"{base.stem}-{index}.h5"
            (folder / name).write_bytes(_mutate(data, rng, head=index % 2 == 0))
            found[name] = paths
    return found


def _requests(paths: list[str]) -> list[tuple[str, dict[str, str]]]:
    asked: list[tuple[str, dict[str, str]]] = [
        ("meta", {"path": "/"}),
        ("attr", {"path": "/"}),
        ("nexus", {}),
        ("search", {"q": "e"}),
        ("validate", {}),
    ]
    for path in paths:
        asked += [
            ("meta", {"path": path}),
            ("attr", {"path": path}),
            ("data", {"path": path}),
            ("data", {"path": path, "format": "npy"}),
            ("image", {"path": path}),
            ("stats", {"path": path}),
        ]
    return asked


async def test_flipped_bytes_are_answered_with_4xx_never_500(
    jp_fetch, mutants: dict[str, list[str]], caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    statuses: dict[int, int] = {}
    for name, paths in mutants.items():
        for endpoint, params in _requests(paths):
            query = {"file": f"fuzz/{name}", **params}
            try:
                response = await jp_fetch("nxviz", "api", endpoint, params=query)
                status = response.code
            except HTTPClientError as error:
                assert error.response is not None
                status = error.code
                body = json.loads(error.response.body)
                assert set(body) == {"code", "message"}, (name, endpoint, params)
                assert "\n" not in body["message"]
            assert status != 500, (name, endpoint, params)
            statuses[status] = statuses.get(status, 0) + 1

    assert statuses.get(200, 0) > 0 and statuses.get(422, 0) > 0  # both kinds were met
    logged = [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]
    assert logged == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_cli_names_each_unreadable_mutant_on_one_line(
    mutants: dict[str, list[str]],
    jp_root_dir: Path,
    capsys: pytest.CaptureFixture[str],
    jobs: str,
):
    # the hanging mutant costs its --timeout (its process is killed), then the batch goes on
    argv = ["validate", "--format", "json", "--timeout", "4", "--jobs", jobs]
    code = main([*argv, str(jp_root_dir / "fuzz")])
    captured = capsys.readouterr()
    errors = captured.err.splitlines()
    reports = json.loads(captured.out)["files"]

    assert "Traceback" not in captured.err
    assert len(reports) + len(errors) == len(mutants)  # one each
    assert all(line.startswith("nxviz validate: error[") for line in errors)
    assert code == 2
    for name in HANGS_HDF5:
        expected = f"nxviz validate: error[timeout]: {jp_root_dir / 'fuzz' / name}: not checked"
        assert [line for line in errors if name in line] == [
            f"{expected}: its check ran past 4 s and was stopped (--timeout)"
        ]
    assert any("error[damaged_file]" in line for line in errors)  # readable errors, too
    assert checkers() == []  # the killed process is gone, none left


@pytest.mark.parametrize("command", ["validate", "fair"])
def test_one_hanging_file_alone_is_stopped_at_its_timeout(
    mutants: dict[str, list[str]],
    jp_root_dir: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
):
    (name,) = HANGS_HDF5
    path = jp_root_dir / "fuzz" / name
    code = main([command, "--timeout", "2", str(path)])
    captured = capsys.readouterr()

    assert code == 2
    assert captured.err.splitlines() == [
        f"nxviz {command}: error[timeout]: {path}: not checked: its check ran past 2 s and was "
        "stopped (--timeout)"
    ]
    assert checkers() == []
