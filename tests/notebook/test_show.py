"""nxviz.show: the custom mimetype with the path relative to the root, a PNG, a summary;
bad input refused when show is called."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import h5py
import numpy as np
import pytest

import nxviz
from nxviz.errors import (
    EntityNotFoundError,
    FileAccessError,
    NotHDF5Error,
    OutsideRootError,
    UsageError,
)
from nxviz.notebook.display import MIMETYPE
from tests.notebook.conftest import assert_not_blank, decode_png


def test_bundle_names_the_file_relative_to_the_root(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root / "sub")
    shown = nxviz.show("scan.nxs", "entry/scan", root=root, log=True, colormap="viridis")
    bundle = shown._repr_mimebundle_()
    assert bundle[MIMETYPE] == {
        "file": "sub/scan.nxs",
        "entity": "/entry/scan",
        "options": {"log": True, "colormap": "viridis"},
    }
    assert "sub/scan.nxs" in bundle["text/plain"]
    assert "Diode signal (counts)" in bundle["text/plain"]


@pytest.mark.parametrize(
    ("name", "size"), [("scan.nxs", (640, 480)), ("map.nxs", (500, 300)), ("nxmx.nxs", (321, 257))]
)
def test_png_has_the_requested_size_and_content(
    root: Path, monkeypatch: pytest.MonkeyPatch, name: str, size: tuple[int, int]
) -> None:
    monkeypatch.chdir(root)
    extra = {} if size == (640, 480) else {"width": size[0], "height": size[1]}
    bundle = nxviz.show(f"sub/{name}", **extra)._repr_mimebundle_()
    pixels = decode_png(base64.b64decode(bundle["image/png"]))
    assert pixels.shape[:2] == (size[1], size[0])
    assert_not_blank(pixels)


def test_cwd_is_the_root_by_default(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    payload = nxviz.show(root / "sub" / "map.nxs")._repr_mimebundle_()[MIMETYPE]
    assert payload["file"] == "sub/map.nxs"
    assert payload["entity"] is None


def test_frame_option_shapes_the_picture(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    first = nxviz.show("sub/nxmx.nxs", frame=0)
    last = nxviz.show("sub/nxmx.nxs", frame=2)
    assert "frame 2 of 3" in last.summary
    assert first.png != last.png


def test_file_without_a_plot_still_shows_the_viewer(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with h5py.File(root / "plain.h5", "w") as f:
        f["values"] = np.arange(3)
    monkeypatch.chdir(root)
    bundle = nxviz.show("plain.h5")._repr_mimebundle_()
    assert bundle[MIMETYPE]["file"] == "plain.h5"
    assert "image/png" not in bundle
    assert "no default plot" in bundle["text/plain"]


def test_demo_master_shows_a_masked_log_frame(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(demo_dir)
    shown = nxviz.show("eiger_master.nxs")
    bundle = shown._repr_mimebundle_()
    assert bundle[MIMETYPE]["file"] == "eiger_master.nxs"
    assert "NXmx detector /entry/instrument/detector" in bundle["text/plain"]
    pixels = decode_png(base64.b64decode(bundle["image/png"]))
    assert pixels.shape[:2] == (480, 640)
    assert_not_blank(pixels)


def test_outside_the_root_is_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "elsewhere").mkdir()
    monkeypatch.chdir(root / "sub")
    with pytest.raises(OutsideRootError, match="outside the Jupyter server's root"):
        nxviz.show("scan.nxs", root=root / "elsewhere")


def test_parent_of_the_root_is_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = root.parent / "outside.nxs"
    outside.write_bytes((root / "sub" / "scan.nxs").read_bytes())
    monkeypatch.chdir(root)
    with pytest.raises(OutsideRootError):
        nxviz.show("../outside.nxs")
    with pytest.raises(OutsideRootError):
        nxviz.show(outside)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="the platform has no symbolic links")
def test_symlink_leaving_the_root_is_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = root.parent / "outside.nxs"
    outside.write_bytes((root / "sub" / "scan.nxs").read_bytes())
    (root / "link.nxs").symlink_to(outside)
    monkeypatch.chdir(root)
    with pytest.raises(OutsideRootError):
        nxviz.show("link.nxs")


def test_missing_file_is_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    with pytest.raises(FileAccessError, match="no such file"):
        nxviz.show("sub/absent.nxs")


def test_non_hdf5_file_is_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "notes.nxs").write_text("not HDF5 at all\n")
    monkeypatch.chdir(root)
    with pytest.raises(NotHDF5Error):
        nxviz.show("notes.nxs")


def test_missing_entity_is_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    with pytest.raises(EntityNotFoundError):
        nxviz.show("sub/scan.nxs", "/entry/nothing")


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"anything": object()}, id="not-json"),
        pytest.param({"frame": "2"}, id="frame-as-text"),
        pytest.param({"cmap": "no-such-map"}, id="unknown-colour-map"),
        pytest.param({"width": 10}, id="too-small"),
    ],
)
def test_bad_options_are_refused(
    root: Path, monkeypatch: pytest.MonkeyPatch, options: dict[str, object]
) -> None:
    monkeypatch.chdir(root)
    with pytest.raises(UsageError):
        nxviz.show("sub/scan.nxs", **options)
