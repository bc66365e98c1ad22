"""GET /nxviz/api/plot: the plot a group opens on, every NXdata convention, and why."""

from __future__ import annotations

import shutil

import h5py
import numpy as np

from tests.conftest import REAL_DATA
from tests.server.helpers import get_error, get_json


def nx(group: h5py.Group, nx_class: str) -> h5py.Group:
    group.attrs["NX_class"] = nx_class
    return group


async def test_cansas_axes_and_uncertainties_are_read_on_log_log_axes(jp_fetch, jp_root_dir):
    shutil.copy(REAL_DATA / "1998spheres.h5", jp_root_dir / "sas.h5")

    plot = await get_json(jp_fetch, "plot", file="sas.h5")

    assert (plot["kind"], plot["path"], plot["chosen_by"]) == (
        "nxdata",
        "/sasentry_0/sasdata",
        "default",
    )
    nxdata = plot["nxdata"]
    assert nxdata["signal"]["label"] == "I (1/cm)"
    (q,) = nxdata["dimension_axes"]
    assert (q["path"], q["label"], q["order"]) == ("/sasentry_0/sasdata/Q", "Q (1/A)", "increasing")
    assert nxdata["errors"]["path"] == "/sasentry_0/sasdata/Idev"
    assert nxdata["scales"] == {"x": "log", "y": "log"}


async def test_unsorted_axis_is_reported_as_unsorted(jp_fetch, jp_root_dir):
    shutil.copy(REAL_DATA / "example_01_1D_I_Q.h5", jp_root_dir / "q.h5")
    with h5py.File(jp_root_dir / "q.h5", "r") as f:
        q = f["/sasentry/sasdata/Q"][()]
    assert np.any(np.diff(q) < 0) and np.any(np.diff(q) > 0)  # the file's Q is not sorted

    plot = await get_json(jp_fetch, "plot", file="q.h5")

    (axis,) = plot["nxdata"]["dimension_axes"]
    assert axis["order"] == "unsorted" and axis["indices"] == [0]
    assert plot["nxdata"]["scales"] == {"x": "log", "y": "log"}


async def test_old_style_axis_attributes_and_uncertainties(jp_fetch, jp_root_dir):
    with h5py.File(jp_root_dir / "old.h5", "w") as f:
        data = nx(f.create_group("entry/data"), "NXdata")
        nx(f["entry"], "NXentry")
        data["counts"] = np.arange(12.0).reshape(3, 4)
        data["counts"].attrs["signal"] = 1
        data["counts"].attrs["uncertainties"] = "sigma"
        data["sigma"] = np.ones((3, 4))
        data["x"] = np.linspace(0, 1, 4)
        data["x"].attrs["axis"] = 2
        data["x"].attrs["units"] = "mm"
        data["y"] = [3.0, 2.0, 1.0]
        data["y"].attrs["axis"] = 1
        data["y"].attrs["long_name"] = "height"

    plot = await get_json(jp_fetch, "plot", file="old.h5")

    nxdata = plot["nxdata"]
    assert nxdata["signal"]["name"] == "counts"
    assert [a["label"] for a in nxdata["dimension_axes"]] == ["height", "x (mm)"]
    assert nxdata["dimension_axes"][0]["order"] == "decreasing"
    assert nxdata["errors"]["name"] == "sigma"
    assert nxdata["scales"] is None


async def test_signal_attribute_axes_with_text_indices(jp_fetch, jp_root_dir):
    with h5py.File(jp_root_dir / "spec.h5", "w") as f:
        data = nx(f.create_group("scan"), "NXdata")
        data.attrs["signal"] = "mca"
        data["mca"] = np.ones((5, 7))
        data["mca"].attrs["axes"] = "t:channel"
        data["t"] = np.arange(5.0)
        data["channel"] = np.arange(8.0)  # bin edges: n + 1
        data.attrs["channel_indices"] = "1"

    plot = await get_json(jp_fetch, "plot", file="spec.h5", path="/scan")

    assert [a["name"] for a in plot["nxdata"]["dimension_axes"]] == ["t", "channel"]
    assert plot["nxdata"]["dimension_axes"][1]["indices"] == [1]


async def test_without_default_the_nexus_rules_choose_and_say_so(jp_fetch, jp_root_dir):
    shutil.copy(REAL_DATA / "201805_WSe2_arpes.nxs", jp_root_dir / "arpes.nxs")

    plot = await get_json(jp_fetch, "plot", file="arpes.nxs")

    assert (plot["kind"], plot["path"], plot["chosen_by"]) == ("nxdata", "/entry/data", "rules")
    assert "no @default" in plot["note"] and "/entry/data" in plot["note"]
    assert [a["label"] for a in plot["nxdata"]["dimension_axes"]] == [
        "angles (1/Å)",
        "energies (eV)",
        "delays (fs)",
    ]


async def test_without_nxdata_the_first_plottable_dataset_is_shown(jp_fetch, jp_root_dir):
    with h5py.File(jp_root_dir / "plain.h5", "w") as f:
        f["title"] = "a scan"
        f["meta/temperature"] = 300.0  # a scalar: not plottable
        f["meta/deeper/values"] = np.arange(10)
        f["counts"] = np.arange(5)  # shallowest first
        f["counts"].attrs["units"] = "1/s"

    plot = await get_json(jp_fetch, "plot", file="plain.h5")
    inside = await get_json(jp_fetch, "plot", file="plain.h5", path="/meta")

    assert (plot["kind"], plot["path"], plot["chosen_by"]) == ("dataset", "/counts", "search")
    assert plot["dataset"]["label"] == "counts (1/s)"
    assert "first plottable dataset /counts" in plot["note"]
    assert (inside["kind"], inside["path"]) == ("dataset", "/meta/deeper/values")


async def test_a_broken_default_falls_back_and_says_what_it_named(jp_fetch, jp_root_dir):
    with h5py.File(jp_root_dir / "broken.h5", "w") as f:
        f.attrs["default"] = "nowhere"
        entry = nx(f.create_group("entry"), "NXentry")
        data = nx(entry.create_group("data"), "NXdata")
        data.attrs["signal"] = "y"
        data["y"] = [1.0, 2.0, 3.0]

    plot = await get_json(jp_fetch, "plot", file="broken.h5")

    assert (plot["path"], plot["chosen_by"]) == ("/entry/data", "rules")
    assert "names nowhere, which is not there" in plot["note"]


async def test_nothing_to_plot(jp_fetch, jp_root_dir):
    with h5py.File(jp_root_dir / "text.h5", "w") as f:
        f["title"] = "only text"

    plot = await get_json(jp_fetch, "plot", file="text.h5")

    assert (plot["kind"], plot["path"], plot["nxdata"], plot["dataset"]) == (
        "none",
        None,
        None,
        None,
    )


async def test_the_root_plot_comes_with_the_nexus_reading(jp_fetch, jp_root_dir):
    shutil.copy(REAL_DATA / "writer_2_1.hdf5", jp_root_dir / "w.hdf5")

    nexus = await get_json(jp_fetch, "nexus", file="w.hdf5")
    plot = await get_json(jp_fetch, "plot", file="w.hdf5")

    assert nexus["plot"] == plot
    assert plot["nxdata"]["dimension_axes"][0]["order"] == "decreasing"


async def test_plot_errors(jp_fetch, jp_root_dir):
    with h5py.File(jp_root_dir / "x.h5", "w") as f:
        f["a"] = [1, 2]
    assert (await get_error(jp_fetch, "plot", file="x.h5", path="/missing"))[0] == 404
    assert (await get_error(jp_fetch, "plot", file="../x.h5"))[0] == 403


async def test_a_signal_in_a_missing_file_is_unreadable_not_replaced(jp_fetch, jp_root_dir):
    with h5py.File(jp_root_dir / "master.h5", "w") as f:
        entry = nx(f.create_group("entry"), "NXentry")
        data = nx(entry.create_group("data"), "NXdata")
        data.attrs["signal"] = "data_000001"
        data["data_000001"] = h5py.ExternalLink("gone_000001.h5", "/entry/data/data")
        entry["instrument/pixel_mask"] = np.zeros((4, 4))  # plottable, but not the data

    plot = await get_json(jp_fetch, "plot", file="master.h5")

    assert (plot["kind"], plot["path"]) == ("unreadable", "/entry/data")
    assert "gone_000001.h5" in plot["note"] and "cannot be read" in plot["note"]


async def csv_text(jp_fetch, **params: object) -> tuple[str, str]:
    response = await jp_fetch("nxviz", "api", "data", params={"format": "csv", **params})
    return response.body.decode(), response.headers["Content-Disposition"]


async def test_csv_of_a_nexus_plot_has_axis_signal_errors_under_a_header(jp_fetch, jp_root_dir):
    shutil.copy(REAL_DATA / "1998spheres.h5", jp_root_dir / "sas.h5")
    with h5py.File(jp_root_dir / "sas.h5", "r") as f:
        q, i, idev = (f[f"/sasentry_0/sasdata/{n}"][()] for n in ("Q", "I", "Idev"))

    text, disposition = await csv_text(
        jp_fetch, file="sas.h5", path="/sasentry_0/sasdata/I", nxdata="/sasentry_0/sasdata"
    )

    header, *rows = text.splitlines()
    assert header == "Q (1/A),I (1/cm),Idev (1/cm)"
    table = np.array([[float(v) for v in row.split(",")] for row in rows])
    assert table.shape == (q.size, 3)
    np.testing.assert_array_equal(table[:, 0], q)
    np.testing.assert_array_equal(table[:, 1], i)
    np.testing.assert_array_equal(table[:, 2], idev)
    assert 'filename="I.csv"' in disposition


async def test_csv_of_an_auxiliary_signal_slice_keeps_its_axis(jp_fetch, jp_root_dir):
    with h5py.File(jp_root_dir / "aux.h5", "w") as f:
        data = nx(f.create_group("d"), "NXdata")
        data.attrs["signal"] = "a"
        data.attrs["auxiliary_signals"] = ["b"]
        data.attrs["axes"] = [".", "x"]
        data["a"] = np.arange(6.0).reshape(2, 3)
        data["b"] = np.arange(6).reshape(2, 3) * 10
        data["a_errors"] = np.ones((2, 3))
        data["x"] = [0.5, 1.5, 2.5, 3.5]  # bin edges
        data["x"].attrs["units"] = "mm"

    text, _ = await csv_text(jp_fetch, file="aux.h5", path="/d/b", nxdata="/d", selection="1,:")

    assert text.splitlines() == ["x (mm) (bin centre),b", "1,30", "2,40", "3,50"]
    assert (
        await get_error(jp_fetch, "data", file="aux.h5", path="/d/x", nxdata="/d", format="csv")
    )[0] == 400
