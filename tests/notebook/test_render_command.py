"""``nxviz render``: a picture of the requested size and format; exit 2 with one line on bad
input."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from nxviz.notebook import command
from tests.notebook.conftest import assert_not_blank, decode_png


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="nxviz")
    command.register(parser.add_subparsers())
    args = parser.parse_args(["render", *argv])
    return int(args.func(args))


@pytest.mark.parametrize("name", ["scan.nxs", "map.nxs", "nxmx.nxs"])
def test_png_of_the_requested_size(root: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out.png"
    code = _run(str(root / "sub" / name), "-o", str(out), "--width", "417", "--height", "333")
    assert code == 0
    pixels = decode_png(out.read_bytes())
    assert pixels.shape[:2] == (333, 417)
    assert_not_blank(pixels)


def test_svg_and_pdf_at_100_dpi(root: Path, tmp_path: Path) -> None:
    svg, pdf = tmp_path / "out.svg", tmp_path / "out.pdf"
    assert (
        _run(str(root / "sub" / "map.nxs"), "-o", str(svg), "--width", "500", "--height", "400")
        == 0
    )
    assert (
        _run(str(root / "sub" / "map.nxs"), "-o", str(pdf), "--width", "500", "--height", "400")
        == 0
    )
    text = svg.read_text()
    assert re.search(r'<svg[^>]* width="360pt" height="288pt"', text)  # 5 × 4 inches
    assert "<image" in text  # the map itself, not only axes
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert re.search(rb"/MediaBox \[ ?0 0 360 288 ?\]", data)


def test_entity_and_frame(root: Path, tmp_path: Path) -> None:
    first, last = tmp_path / "first.png", tmp_path / "last.png"
    nxmx = str(root / "sub" / "nxmx.nxs")
    assert _run(nxmx, "--entity", "/entry/data", "-o", str(first)) == 0
    assert _run(nxmx, "--entity", "/entry/data", "--frame", "2", "-o", str(last)) == 0
    assert first.read_bytes() != last.read_bytes()


def test_demo_master(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "eiger.png"
    assert (
        _run(
            str(demo_dir / "eiger_master.nxs"), "-o", str(out), "--width", "900", "--height", "700"
        )
        == 0
    )
    pixels = decode_png(out.read_bytes())
    assert pixels.shape[:2] == (700, 900)
    assert_not_blank(pixels)


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        pytest.param(["absent.nxs", "-o", "out.png"], "no such file", id="missing"),
        pytest.param(["notes.nxs", "-o", "out.png"], "not an HDF5 file", id="not-hdf5"),
        pytest.param(["sub/scan.nxs", "-o", "out.gif"], ".png, .svg or .pdf", id="format"),
        pytest.param(["sub/scan.nxs", "-o", "out.png", "--width", "5"], "width", id="size"),
        pytest.param(["sub/scan.nxs", "--entity", "/nope", "-o", "out.png"], "/nope", id="entity"),
        pytest.param(["sub/scan.nxs", "-o", "no/such/folder/out.png"], "cannot write", id="out"),
        pytest.param(["sub/nxmx.nxs", "--frame", "9", "-o", "out.png"], "out of range", id="frame"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    reason: str,
) -> None:
    (root / "notes.nxs").write_text("text")
    monkeypatch.chdir(root)
    assert _run(*argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("nxviz render: error: ")
    assert reason in err
    assert not (root / "out.png").exists()


def test_registered_in_the_nxviz_command(root: Path, tmp_path: Path) -> None:
    from nxviz import cli

    out = tmp_path / "via-cli.png"
    assert cli.main(["render", str(root / "sub" / "scan.nxs"), "-o", str(out)]) == 0
    assert decode_png(out.read_bytes()).shape[:2] == (600, 800)
