"""The nxviz command: version, help, definitions; ``python -m nxviz`` is the same program."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nxviz import __version__
from nxviz.cli import main
from nxviz.definitions import catalog


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"nxviz {__version__}"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("validate", "definitions", "demo", "render"):
        assert command in out


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: nxviz" in capsys.readouterr().out


def test_definitions_json_lists_the_installed_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["definitions", "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["nxdl"] == catalog.nxdl_version()
    names = [d["name"] for d in body["definitions"]]
    assert names == sorted(names)
    assert {"NXmx", "NXtomo", "NXxas", "NXarpes", "NXsas"} <= set(names)


def test_definitions_text_names_version_and_titles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["definitions"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"NXDL {catalog.nxdl_version()} (nexusformat): ")
    nxmx = next(line for line in lines if line.split()[0] == "NXmx")
    assert "crystallography" in nxmx


def test_definitions_of_a_user_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = catalog.find_definition("NXxas").path
    (tmp_path / "NXmine.nxdl.xml").write_bytes(source.read_bytes())
    assert main(["definitions", "--definitions", str(tmp_path), "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert [d["name"] for d in body["definitions"]] == ["NXmine"]
    assert body["source"] == "user"


def test_definitions_of_a_missing_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["definitions", "--definitions", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nxviz", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"nxviz {__version__}"
