"""The EIGER NXmx master and its data files, checked with h5py as a reader would."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import h5py
import hdf5plugin  # noqa: F401 - registers the bitshuffle filter for reading
import numpy as np
import pytest

DET = "/entry/instrument/detector"
GAP_VALUE = 2**32 - 1
LENGTH_IN_M = {"m": 1.0, "mm": 1e-3, "um": 1e-6}
WAVELENGTH_IN_A = {"angstrom": 1.0, "Å": 1.0, "nm": 10.0}


@pytest.fixture(scope="module")
def master(demo_dir: Path) -> Iterator[h5py.File]:
    with h5py.File(demo_dir / "eiger_master.nxs", "r") as file:
        yield file


def frames(master: h5py.File) -> list[h5py.Dataset]:
    group = master["/entry/data"]
    return [group[name] for name in sorted(group) if name.startswith("data_")]


def length_m(dataset: h5py.Dataset) -> float:
    return float(dataset[()]) * LENGTH_IN_M[dataset.attrs["units"]]


def test_data_entries_are_external_links_into_the_data_files(master: h5py.File) -> None:
    for index, name in ((1, "eiger_data_000001.h5"), (2, "eiger_data_000002.h5")):
        link = master["/entry/data"].get(f"data_{index:06d}", getlink=True)
        assert isinstance(link, h5py.ExternalLink)
        assert (link.filename, link.path) == (name, "/entry/data/data")
        assert master[f"/entry/data/data_{index:06d}"].file.filename.endswith(name)


def test_frames_are_eiger_1m_uint32_one_chunk_each_bitshuffle_lz4(master: h5py.File) -> None:
    stacks = frames(master)
    assert sum(stack.shape[0] for stack in stacks) >= 70
    for stack in stacks:
        assert stack.shape[1:] == (1065, 1030)
        assert stack.dtype == np.uint32
        assert stack.chunks == (1, 1065, 1030)
        plist = stack.id.get_create_plist()
        filters = [plist.get_filter(i)[0] for i in range(plist.get_nfilters())]
        assert filters == [32008]
        options = plist.get_filter(0)[2]
        assert options[-1] == 2  # bitshuffle's compression option 2 is LZ4


def test_gaps_read_max_uint32_exactly_where_the_mask_has_the_gap_bit(master: h5py.File) -> None:
    mask = master[f"{DET}/pixel_mask"][()]
    assert mask.dtype == np.uint32
    gaps = (mask & 1) != 0
    # module gap rows and 2-pixel chip gaps, horizontal and vertical
    assert gaps[514:551].all() and gaps[:, 256:258].all() and gaps[256:258].all()
    assert 0.03 < gaps.mean() < 0.08
    for stack in frames(master):
        for index in (0, stack.shape[0] - 1):
            np.testing.assert_array_equal(stack[index] == GAP_VALUE, gaps)


def test_dead_and_hot_pixels_are_flagged_and_behave(master: h5py.File) -> None:
    mask = master[f"{DET}/pixel_mask"][()]
    saturation = int(master[f"{DET}/saturation_value"][()])
    frame = frames(master)[0][3]
    dead = (mask & 2) != 0
    hot = (mask & 8) != 0
    assert 0 < dead.sum() < 20 and 0 < hot.sum() < 20
    assert (frame[dead] == 0).all()
    assert (frame[hot] > saturation).all()
    good = mask == 0
    assert 1.0 < frame[good].mean() < 50.0
    assert frame[good].max() < saturation


def expected_ring_radii(master: h5py.File) -> list[float]:
    beam = master["/entry/instrument/beam/incident_wavelength"]
    wavelength = float(beam[()]) * WAVELENGTH_IN_A[beam.attrs["units"]]
    distance = length_m(master[f"{DET}/distance"])
    pixel = length_m(master[f"{DET}/x_pixel_size"])
    cell = master["/entry/sample/unit_cell_abc"]
    assert cell.attrs["units"] == "angstrom"
    a = float(cell[0])
    radii = []
    for n in (1, 2, 3, 4, 5):  # h² + k² + l² of a primitive cubic lattice
        two_theta = 2 * math.asin(wavelength / (2 * a / math.sqrt(n)))
        radii.append(distance * math.tan(two_theta) / pixel)
    return radii


def test_debye_scherrer_rings_sit_where_the_geometry_puts_them(master: h5py.File) -> None:
    mask = master[f"{DET}/pixel_mask"][()]
    frame = frames(master)[1][7].astype(np.float64)
    pixel = length_m(master[f"{DET}/x_pixel_size"])
    cx = length_m(master[f"{DET}/beam_center_x"]) / pixel
    cy = length_m(master[f"{DET}/beam_center_y"]) / pixel
    rows, columns = np.indices(frame.shape)
    radius = np.rint(np.hypot(rows - cy, columns - cx)).astype(np.int64)
    good = mask == 0
    sums = np.bincount(radius[good], weights=frame[good])
    counts = np.bincount(radius[good])
    profile = sums / np.maximum(counts, 1)
    for expected in expected_ring_radii(master):
        r = round(expected)
        peak = int(np.argmax(profile[r - 6 : r + 7])) + r - 6
        assert abs(peak - expected) <= 1.5
        background = np.median(np.r_[profile[r - 20 : r - 10], profile[r + 10 : r + 20]])
        assert profile[peak] > 3 * background


def bright_pixels(frame: np.ndarray, mask: np.ndarray) -> set[tuple[int, int]]:
    rows, columns = np.nonzero((frame > 300) & (mask == 0))
    return set(zip(rows.tolist(), columns.tolist(), strict=True))


def test_bragg_spots_move_from_frame_to_frame(master: h5py.File) -> None:
    mask = master[f"{DET}/pixel_mask"][()]
    stack = frames(master)[0]
    seen = [bright_pixels(stack[index], mask) for index in range(0, 40, 2)]
    lit = [spots for spots in seen if spots]
    assert len(lit) >= 10
    assert any(a and b and a != b for a, b in zip(seen, seen[1:], strict=False))
    assert len(set().union(*lit)) > 2 * max(len(spots) for spots in lit)


def follow_chain(file: h5py.File, start: str) -> list[h5py.Dataset]:
    chain = []
    target = start
    while target != ".":
        assert target in file, f"depends_on target {target} is missing"
        axis = file[target]
        assert axis.attrs["transformation_type"] in ("translation", "rotation")
        assert np.asarray(axis.attrs["vector"]).shape == (3,)
        assert "units" in axis.attrs
        chain.append(axis)
        target = axis.attrs["depends_on"]
        assert len(chain) < 10
    return chain


def test_detector_depends_on_chain_ends_at_dot(master: h5py.File) -> None:
    chain = follow_chain(master, master[f"{DET}/depends_on"][()].decode())
    assert [axis.name.rsplit("/", 1)[1] for axis in chain] == ["translation", "two_theta"]
    translation = chain[0]
    assert list(translation.attrs["vector"]) == [0.0, 0.0, 1.0]
    assert length_m(translation) == pytest.approx(length_m(master[f"{DET}/distance"]))
    module = master[f"{DET}/module"]
    assert module.attrs["NX_class"] == "NXdetector_module"
    follow_chain(master, module["fast_pixel_direction"].name)


def test_sample_rotates_one_omega_value_per_frame(master: h5py.File) -> None:
    chain = follow_chain(master, master["/entry/sample/depends_on"][()].decode())
    omega = chain[0]
    assert omega.attrs["transformation_type"] == "rotation"
    assert omega.shape == (sum(stack.shape[0] for stack in frames(master)),)
    assert (np.diff(omega[()]) > 0).all()


def test_entry_is_nxmx_with_iso_times_and_a_default_chain(master: h5py.File) -> None:
    entry = master["/entry"]
    assert entry["definition"][()] == b"NXmx"
    start = datetime.fromisoformat(entry["start_time"][()].decode())
    end = datetime.fromisoformat(entry["end_time"][()].decode())
    assert start.tzinfo is not None and start < end
    assert master.attrs["default"] == "entry" and entry.attrs["default"] == "data"
    data = entry["data"]
    assert data.attrs["NX_class"] == "NXdata"
    assert data[data.attrs["signal"]].ndim == 3
    det = master[DET]
    for name in ("sensor_material", "sensor_thickness", "count_time", "frame_time"):
        assert name in det
    assert det["bit_depth_readout"].dtype.kind == "i"
    blocks = frames(master)
    assert det["data"].shape == (sum(b.shape[0] for b in blocks), *blocks[0].shape[1:])
