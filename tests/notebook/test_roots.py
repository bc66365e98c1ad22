"""Where the server's root is, seen from a kernel: root=, NXVIZ_ROOT_DIR, the running server
that started the kernel (Jupyter runtime files), the working directory."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nxviz.errors import UsageError
from nxviz.notebook.roots import locate, server_root


def _runtime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, servers: list[dict[str, object]]
) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    for index, server in enumerate(servers):
        (runtime / f"jpserver-{index + 1}.json").write_text(json.dumps(server))
    (runtime / "jpserver-broken.json").write_text("{not json")
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))


def test_explicit_root_wins(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NXVIZ_ROOT_DIR", str(root / "sub"))
    assert server_root(root) == root.resolve()


def test_environment_variable(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NXVIZ_ROOT_DIR", str(root))
    monkeypatch.chdir(root / "sub")
    assert locate("scan.nxs").relative == "sub/scan.nxs"


def test_working_directory_without_jupyter(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root / "sub")
    found = locate("scan.nxs")
    assert (found.root, found.relative) == ((root / "sub").resolve(), "scan.nxs")


def test_the_server_that_started_the_kernel(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    _runtime(
        tmp_path,
        monkeypatch,
        [
            {"pid": os.getppid() + 1, "root_dir": str(root / "sub")},
            {"pid": os.getppid(), "root_dir": str(root)},
        ],
    )
    monkeypatch.setenv("JPY_SESSION_NAME", str(root / "sub" / "analysis.ipynb"))
    monkeypatch.chdir(root / "sub")
    assert locate("scan.nxs").relative == "sub/scan.nxs"


def test_a_server_whose_root_holds_the_notebook(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unrelated = tmp_path / "unrelated"
    unrelated.mkdir()
    _runtime(
        tmp_path,
        monkeypatch,
        [
            {"pid": os.getppid() + 1, "root_dir": str(unrelated)},
            {"pid": os.getppid() + 2, "root_dir": str(root)},
        ],
    )
    monkeypatch.setenv("JPY_SESSION_NAME", str(root / "sub" / "analysis.ipynb"))
    monkeypatch.chdir(root / "sub")
    assert server_root() == root.resolve()


def test_no_matching_server_falls_back_to_the_working_directory(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unrelated = tmp_path / "unrelated"
    unrelated.mkdir()
    _runtime(tmp_path, monkeypatch, [{"pid": os.getppid() + 1, "root_dir": str(unrelated)}])
    monkeypatch.setenv("JPY_SESSION_NAME", "analysis.ipynb")
    monkeypatch.chdir(root / "sub")
    assert server_root() == (root / "sub").resolve()


def test_root_must_be_a_folder(root: Path) -> None:
    with pytest.raises(UsageError, match="not a folder"):
        server_root(root / "sub" / "scan.nxs")


def test_the_root_itself_is_not_a_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    with pytest.raises(UsageError):
        locate(".")
