"""The other demo files: NXtomo, NXxas, XRF map, 1D scan, and the defects file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import h5py
import numpy as np
import pytest

from nxviz.demo.defects import DEFECTS, Defect

NXDATA_FILES = (
    "eiger_master.nxs",
    "tomo_volume.nxs",
    "tomo_reconstruction.nxs",
    "xas_spectrum.nxs",
    "xrf_map.nxs",
    "scan_1d.nxs",
)


def default_nxdata(file: h5py.File) -> h5py.Group:
    """Follow @default from the root to the NXdata group it names."""
    group: h5py.Group = file
    while group.attrs.get("NX_class") != "NXdata":
        group = group[group.attrs["default"]]
    return group


def as_list(value: str | Iterable[object]) -> list[str]:
    return [value] if isinstance(value, str) else [str(item) for item in value]


@pytest.mark.parametrize("name", NXDATA_FILES)
def test_default_nxdata_signal_axes_and_errors_agree(demo_dir: Path, name: str) -> None:
    with h5py.File(demo_dir / name, "r") as file:
        data = default_nxdata(file)
        signal = data[data.attrs["signal"]]
        axes = as_list(data.attrs.get("axes", []))
        assert len(axes) in (0, signal.ndim)
        for dim, axis in enumerate(axes):
            if axis == ".":
                continue
            assert data[axis].shape == (signal.shape[dim],), axis
            assert data[axis].attrs["units"], axis
            assert int(data.attrs[f"{axis}_indices"]) == dim
        for other in as_list(data.attrs.get("auxiliary_signals", [])):
            assert data[other].shape == signal.shape, other
        if f"{signal.name.rsplit('/', 1)[1]}_errors" in data:
            errors = data[f"{signal.name.rsplit('/', 1)[1]}_errors"]
            assert errors.shape == signal.shape


def test_tomo_is_a_200x512x512_uint16_gzip_nxtomo(demo_dir: Path) -> None:
    with h5py.File(demo_dir / "tomo_volume.nxs", "r") as file:
        assert file["/entry/definition"][()] == b"NXtomo"
        data = file["/entry/instrument/detector/data"]
        assert data.shape[0] >= 200 and data.shape[1:] == (512, 512)
        assert data.dtype == np.uint16
        assert data.compression == "gzip"
        key = file["/entry/instrument/detector/image_key"][()]
        angle = file["/entry/sample/rotation_angle"]
        assert key.shape == angle.shape == (data.shape[0],)
        assert set(key.tolist()) == {0, 1, 2}
        assert angle.attrs["units"] == "deg"
        assert file["/entry/data/data"] == data
        assert "name" in file["/entry/sample"]
        dark = data[int(np.flatnonzero(key == 2)[0])].mean()
        flat = data[int(np.flatnonzero(key == 1)[0])].mean()
        projection = data[int(np.flatnonzero(key == 0)[0])]
        assert dark < projection.mean() < flat
        # the phantom absorbs in the middle, the beam passes freely at the edges
        assert projection[256, 256] < 0.6 * projection[256, 5]


def test_reconstruction_is_a_512_cubed_uint16_gzip_volume_with_mm_axes_and_rings(
    demo_dir: Path,
) -> None:
    with h5py.File(demo_dir / "tomo_reconstruction.nxs", "r") as file:
        data = file["/entry/reconstruction/data"]
        assert data.shape == (512, 512, 512) and data.dtype == np.uint16
        assert data.chunks == (1, 512, 512) and data.compression == "gzip"
        assert file["/entry/reconstruction/x"].attrs["units"] == "mm"
        middle = data[256]
    # the skull (value 1) is brighter than the brain (0.2), which is brighter than the air
    skull, brain, air = middle[256, 256 - int(0.68 * 256)], middle[300, 256], middle[256, 5]
    assert skull > brain > air
    # a ring about the rotation axis: the voxels at its radius differ from their neighbours
    centre = 255.5
    radius = abs(141 - centre)
    y, x = np.mgrid[0:512, 0:512]
    distance = np.hypot(x - centre, y - centre)
    on = middle[np.abs(distance - radius) < 0.5].astype(float).mean()
    beside = middle[np.abs(distance - radius - 3) < 0.5].astype(float).mean()
    assert abs(on - beside) > 500


def test_xas_has_energy_in_kev_and_an_absorption_edge(demo_dir: Path) -> None:
    with h5py.File(demo_dir / "xas_spectrum.nxs", "r") as file:
        assert file["/entry/definition"][()] == b"NXxas"
        data = file["/entry/data"]
        energy = data["energy"]
        assert energy.attrs["units"] in ("keV", "eV")
        assert "long_name" in data["mu"].attrs
        assert file["/entry/monitor/data"].shape == energy.shape
        assert energy == file["/entry/instrument/monochromator/energy"]
        mu = data["mu"][()]
        assert np.all(np.diff(energy[()]) > 0)
        assert mu[-20:].mean() - mu[:20].mean() > 1.0


def test_xrf_map_has_several_2d_signals_on_mm_axes(demo_dir: Path) -> None:
    with h5py.File(demo_dir / "xrf_map.nxs", "r") as file:
        maps = file["/entry/maps"]
        signals = [maps.attrs["signal"], *as_list(maps.attrs["auxiliary_signals"])]
        assert len(signals) >= 3
        assert all(maps[name].ndim == 2 for name in signals)
        assert maps["x"].attrs["units"] == maps["y"].attrs["units"] == "mm"
        cube = file["/entry/spectra"]
        assert cube["data"].shape[:2] == maps[signals[0]].shape
        assert cube["energy"].attrs["units"] == "keV"


def test_scan_has_errors_in_both_conventions(demo_dir: Path) -> None:
    with h5py.File(demo_dir / "scan_1d.nxs", "r") as file:
        data = file["/entry/data"]
        np.testing.assert_allclose(data["data_errors"][()], np.sqrt(data["data"][()]))
        assert data["sample_x"].attrs["units"] == "mm"
        assert file["/entry/legacy/errors"] == data["data_errors"]


def _missing(file: h5py.File, defect: Defect) -> bool:
    return defect.path not in file and defect.path.rsplit("/", 1)[0] in file


def _wrong_type(file: h5py.File, defect: Defect) -> bool:
    return file[defect.path].dtype.kind in "OSU"


def _wrong_units(file: h5py.File, defect: Defect) -> bool:
    return bool(file[defect.path].attrs["units"] == "kg")


def _signal_missing(file: h5py.File, defect: Defect) -> bool:
    group = file[defect.path]
    return group.attrs["NX_class"] == "NXdata" and group.attrs["signal"] not in group


def _dangling(file: h5py.File, defect: Defect) -> bool:
    link = file.get(defect.path, getlink=True)
    return isinstance(link, h5py.SoftLink) and file.get(defect.path) is None


def _broken_default(file: h5py.File, defect: Defect) -> bool:
    group = file[defect.path]
    return group.attrs["default"] not in group


def _depends_on_missing(file: h5py.File, defect: Defect) -> bool:
    target = file[defect.path][()].decode()
    return target.startswith("/") and target not in file


def _bad_transformation(file: h5py.File, defect: Defect) -> bool:
    kind = str(file[defect.path].attrs["transformation_type"])
    return kind not in ("translation", "rotation")


DEFECT_CHECKS: dict[str, Callable[[h5py.File, Defect], bool]] = {
    "missing_required_field": _missing,
    "wrong_type": _wrong_type,
    "wrong_units": _wrong_units,
    "nxdata_signal_missing": _signal_missing,
    "dangling_soft_link": _dangling,
    "broken_default": _broken_default,
    "depends_on_missing_target": _depends_on_missing,
    "bad_transformation_type": _bad_transformation,
}


@pytest.mark.parametrize("defect", DEFECTS, ids=[defect.kind for defect in DEFECTS])
def test_defects_file_carries_each_documented_defect(demo_dir: Path, defect: Defect) -> None:
    with h5py.File(demo_dir / "defects.nxs", "r") as file:
        assert file["/entry/definition"][()] == b"NXmx"
        assert DEFECT_CHECKS[defect.kind](file, defect)


def test_defects_the_master_does_not_have(demo_dir: Path) -> None:
    with h5py.File(demo_dir / "eiger_master.nxs", "r") as master:
        for defect in DEFECTS:
            if defect.kind == "missing_required_field":
                assert defect.path in master
            elif defect.path in master:
                assert not DEFECT_CHECKS[defect.kind](master, defect), defect.kind


def test_readme_and_marker_are_written(demo_dir: Path) -> None:
    readme = (demo_dir / "README.txt").read_text(encoding="utf-8")
    for name in NXDATA_FILES + ("defects.nxs",):
        assert name in readme
    assert (demo_dir / ".nxviz-demo").is_file()
