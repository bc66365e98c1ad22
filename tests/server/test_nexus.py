"""GET /nxviz/api/nexus: default chain, NXdata and NXmx detector geometry in SI units."""

from __future__ import annotations

from pathlib import Path

import h5py
import pytest

from tests.hdf5.factories import FRAME_SHAPE, write_nxmx, write_outside, write_tree
from tests.server.helpers import get_error, get_json


async def test_nxmx_file_is_described_in_si_units(jp_fetch, jp_root_dir):
    write_nxmx(jp_root_dir / "nxmx.h5")

    nexus = await get_json(jp_fetch, "nexus", file="nxmx.h5")

    assert nexus["default"] == "/entry/data"
    assert nexus["default_chain"] == ["/entry", "/entry/data"]
    (entry,) = nexus["entries"]
    assert (entry["path"], entry["definition"], entry["title"]) == ("/entry", "NXmx", "lysozyme")
    assert entry["default_plot"] == "/entry/data"
    nxdata = entry["nxdata"]
    assert nxdata["signal"]["path"] == "/entry/data/data"
    assert nxdata["signal"]["shape"] == [4, *FRAME_SHAPE]
    assert nxdata["axes"][0] is None
    assert nxdata["axes"][2]["name"] == "x" and nxdata["axes"][2]["units"] == "mm"
    assert nxdata["axes"][2]["long_name"] == "horizontal position"
    assert nxdata["axes"][2]["indices"] == [2]
    assert nxdata["errors"]["name"] == "data_errors"
    assert [a["name"] for a in nxdata["auxiliary_signals"]] == ["monitor"]
    (detector,) = entry["detectors"]
    assert detector["path"] == "/entry/instrument/detector"
    assert detector["distance"] == pytest.approx(0.150)
    assert detector["pixel_size"]["x"] == pytest.approx(75e-6)
    assert detector["pixel_size"]["y"] == pytest.approx(75e-6)
    assert detector["wavelength"] == pytest.approx(0.9763e-10)
    centre = detector["beam_center"]
    assert centre["x_px"] == 30.5 and centre["x"] == pytest.approx(30.5 * 75e-6)
    assert centre["y"] == pytest.approx(1.5e-3) and centre["y_px"] == pytest.approx(20.0)
    assert detector["pixel_mask"] == "/entry/instrument/detector/pixel_mask"
    assert detector["saturation_value"] == 1000


async def test_without_default_attributes_the_first_entry_and_nxdata_are_used(
    jp_fetch, jp_root_dir
):
    with h5py.File(jp_root_dir / "plain.h5", "w") as f:
        entry = f.create_group("scan")
        entry.attrs["NX_class"] = "NXentry"
        data = entry.create_group("plot")
        data.attrs["NX_class"] = "NXdata"
        data["counts"] = [1, 2, 3]
        data["counts"].attrs["signal"] = 1  # NeXus before 2014

    nexus = await get_json(jp_fetch, "nexus", file="plain.h5")

    assert nexus["default"] == "/scan/plot"
    assert nexus["entries"][0]["nxdata"]["signal"]["name"] == "counts"
    assert nexus["entries"][0]["detectors"] == []


async def test_non_nexus_file_has_no_entries(jp_fetch, jp_root_dir, tmp_path):
    write_tree(jp_root_dir / "tree.h5", outside=write_outside(tmp_path / "outside.h5"))

    nexus = await get_json(jp_fetch, "nexus", file="tree.h5")

    assert nexus["entries"][0]["path"] == "/entry"
    assert nexus["default"] == "/entry/data"
    assert nexus["entries"][0]["nxdata"]["signal"] is None


async def test_non_finite_geometry_is_reported_as_missing(jp_fetch, jp_root_dir):
    write_nxmx(jp_root_dir / "nan.h5")
    with h5py.File(jp_root_dir / "nan.h5", "a") as f:
        del f["/entry/instrument/detector/distance"]
        f["/entry/instrument/detector/distance"] = float("nan")
        f["/entry/instrument/detector/distance"].attrs["units"] = "mm"

    nexus = await get_json(jp_fetch, "nexus", file="nan.h5")

    assert nexus["entries"][0]["detectors"][0]["distance"] is None


async def test_nexus_errors(jp_fetch, jp_root_dir: Path):
    (jp_root_dir / "x.txt").write_text("text")
    assert (await get_error(jp_fetch, "nexus", file="x.txt"))[0] == 415
    assert (await get_error(jp_fetch, "nexus"))[0] == 400
    assert (await get_error(jp_fetch, "nexus", file="../x.h5"))[0] == 403


async def test_the_default_nxdata_comes_with_its_meta_listing(jp_fetch, jp_root_dir):
    # the view opening on the default plot needs no second request for the group's children
    write_nxmx(jp_root_dir / "nxmx.h5")

    nexus = await get_json(jp_fetch, "nexus", file="nxmx.h5")
    meta = await get_json(jp_fetch, "meta", file="nxmx.h5", path="/entry/data")

    assert nexus["default_meta"] == meta
    assert [c["name"] for c in meta["children"]][:1] == ["data"]
    assert meta["children"][0]["shape"] == [4, *FRAME_SHAPE]


async def test_no_default_no_listing(jp_fetch, jp_root_dir):
    with h5py.File(jp_root_dir / "bare.h5", "w") as f:
        f["x"] = [1, 2]

    nexus = await get_json(jp_fetch, "nexus", file="bare.h5")

    assert nexus["default"] is None and nexus["default_meta"] is None
