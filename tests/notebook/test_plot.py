"""nxviz.plot: publication plots with labels, units, errors, extents, log scale, masks, rings."""

from __future__ import annotations

import math
from pathlib import Path

import h5py
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm, Normalize
from matplotlib.container import ErrorbarContainer
from matplotlib.patches import Ellipse

import nxviz
from nxviz.errors import EntityNotFoundError, FileAccessError, NotHDF5Error, SelectionError
from nxviz.notebook.figure import new_axes
from tests.notebook import factories


def _axes() -> Axes:
    return new_axes(640, 480)


def test_1d_line_with_errors_and_labels(root: Path) -> None:
    ax = nxviz.plot(root / "sub" / "scan.nxs", ax=_axes())
    assert ax.get_xlabel() == "x (mm)"
    assert ax.get_ylabel() == "Diode signal (counts)"
    assert "/entry/scan" in ax.get_title()
    (container,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    line, _, (bars,) = container.lines
    with h5py.File(root / "sub" / "scan.nxs") as f:
        x, counts = f["/entry/scan/x"][()], f["/entry/scan/counts"][()]
        errors = f["/entry/scan/counts_errors"][()]
    np.testing.assert_allclose(np.asarray(line.get_xdata(), float), x)
    np.testing.assert_allclose(np.asarray(line.get_ydata(), float), counts)
    spans = np.array([segment[:, 1] for segment in bars.get_segments()])
    np.testing.assert_allclose(spans[:, 1] - spans[:, 0], 2 * errors)


def test_1d_errors_can_be_left_out_and_log_scaled(root: Path) -> None:
    ax = nxviz.plot(root / "sub" / "scan.nxs", ax=_axes(), errors=False, log=True)
    assert not [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert ax.get_yscale() == "log"


def test_2d_image_has_the_physical_extent_and_a_colour_bar(root: Path) -> None:
    ax = nxviz.plot(root / "sub" / "map.nxs", ax=_axes())
    with h5py.File(root / "sub" / "map.nxs") as f:
        x, y = f["/entry/map/x"][()], f["/entry/map/y"][()]
        values = f["/entry/map/intensity"][()]
    dx, dy = x[1] - x[0], y[1] - y[0]
    assert ax.get_xlim() == pytest.approx((x[0] - dx / 2, x[-1] + dx / 2))
    assert ax.get_ylim() == pytest.approx((y[0] - dy / 2, y[-1] + dy / 2))
    assert ax.get_xlabel() == "x (mm)"
    assert ax.get_ylabel() == "y (um)"
    (image,) = ax.get_images()
    assert image.origin == "lower"
    np.testing.assert_allclose(image.get_array(), values)
    assert type(image.norm) is Normalize
    (colorbar_axes,) = [other for other in ax.figure.axes if other is not ax]
    assert colorbar_axes.get_ylabel() == "Intensity"


def test_2d_log_option(root: Path) -> None:
    ax = nxviz.plot(root / "sub" / "map.nxs", ax=_axes(), log=True)
    (image,) = ax.get_images()
    assert isinstance(image.norm, LogNorm)
    assert image.norm.vmin == pytest.approx(1.0)


def test_uneven_axes_are_drawn_as_a_mesh(tmp_path: Path) -> None:
    path = factories.write_map(tmp_path / "uneven.nxs", rows=4, cols=5)
    with h5py.File(path, "a") as f:
        f["/entry/map/x"][...] = [0.0, 1.0, 3.0, 7.0, 15.0]
    ax = nxviz.plot(path, ax=_axes())
    assert not ax.get_images()
    assert ax.get_xlim() == pytest.approx((-0.5, 19.0))


def test_nxmx_frame_is_log_scaled_with_the_mask_painted(root: Path) -> None:
    ax = nxviz.plot(root / "sub" / "nxmx.nxs", ax=_axes(), frame=2)
    (image,) = ax.get_images()
    assert isinstance(image.norm, LogNorm)
    shown = image.get_array()
    assert shown.shape == factories.FRAME_SHAPE
    excluded = factories.mask() != 0
    assert np.ma.getmaskarray(shown)[excluded].all()
    assert not np.ma.getmaskarray(shown)[~excluded].any()
    assert shown.max() == 5002  # the peak of frame 2, not of frame 0
    assert "frame 2 of 3" in ax.get_title()
    assert ax.get_xlim() == pytest.approx((-0.5, factories.FRAME_SHAPE[1] - 0.5))
    assert ax.get_xlabel() == "fast axis x (pixel)"
    legend = ax.get_legend()
    assert legend is not None
    assert legend.get_texts()[0].get_text() == f"masked ({int(excluded.sum())} px)"


def test_nxmx_resolution_rings_follow_the_geometry(root: Path) -> None:
    ax = nxviz.plot(root / "sub" / "nxmx.nxs", ax=_axes())
    rings = [p for p in ax.patches if isinstance(p, Ellipse)]
    labels = [t.get_text() for t in ax.texts if t.get_text().endswith(" Å")]
    assert len(rings) == len(labels) >= 3
    for ring, label in zip(rings, labels, strict=True):
        assert ring.center == pytest.approx(factories.BEAM)
        d = float(label.removesuffix(" Å"))
        two_theta = 2 * math.asin(factories.WAVELENGTH_A / (2 * d))
        radius_px = factories.DISTANCE_MM * 1e3 * math.tan(two_theta) / factories.PIXEL_UM
        assert ring.width == pytest.approx(2 * radius_px, rel=1e-6)
    without = nxviz.plot(root / "sub" / "nxmx.nxs", ax=_axes(), rings=False)
    assert not [p for p in without.patches if isinstance(p, Ellipse)]


def test_big_image_is_mean_pooled_to_the_axes_size(tmp_path: Path) -> None:
    path = factories.write_map(tmp_path / "big.nxs", rows=1500, cols=1200)
    with h5py.File(path, "a") as f:
        f["/entry/map/intensity"][...] = 1.0
        f["/entry/map/intensity"][777, 555] = 50.0
    ax = nxviz.plot(path, ax=_axes())
    (image,) = ax.get_images()
    shown = image.get_array()
    height, width = 480, 640  # the figure's pixels bound the axes'
    assert shown.shape[0] <= height and shown.shape[1] <= width
    assert 1.0 < shown.max() < 50.0  # the peak's bin is the mean of its pixels
    assert ax.get_xlim() == pytest.approx((10.0 - 0.25, 10.0 + 0.5 * 1199 + 0.25))


def test_demo_scan_plots_with_its_errors(demo_dir: Path) -> None:
    ax = nxviz.plot(demo_dir / "scan_1d.nxs", ax=_axes())
    assert ax.get_xlabel() == "Sample x (mm)"
    assert ax.get_ylabel() == "Detector counts (counts)"
    assert [c for c in ax.containers if isinstance(c, ErrorbarContainer)]


def test_without_axes_a_pyplot_figure_is_made(root: Path, close_figures: None) -> None:
    import matplotlib.pyplot as plt

    ax = nxviz.plot(root / "sub" / "scan.nxs")
    assert ax.figure is plt.gcf()


def test_frame_out_of_range(root: Path) -> None:
    with pytest.raises(SelectionError, match="out of range"):
        nxviz.plot(root / "sub" / "nxmx.nxs", ax=_axes(), frame=3)


def test_missing_and_non_hdf5_files(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="no such file"):
        nxviz.plot(tmp_path / "absent.nxs")
    (tmp_path / "text.nxs").write_text("hello")
    with pytest.raises(NotHDF5Error):
        nxviz.plot(tmp_path / "text.nxs")


def test_nothing_to_plot(tmp_path: Path) -> None:
    with h5py.File(tmp_path / "plain.h5", "w") as f:
        f.create_group("empty")
    with pytest.raises(EntityNotFoundError):
        nxviz.plot(tmp_path / "plain.h5")


def test_only_the_plotted_frame_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Frames 1 and 2 live in a raw file that does not exist: reading the stack would fail."""
    monkeypatch.chdir(tmp_path)  # HDF5 finds external raw files from the working directory
    frame = np.arange(40 * 60, dtype="<u4").reshape(40, 60)
    frame.tofile(tmp_path / "frame0.raw")
    with h5py.File(tmp_path / "stack.nxs", "w") as f:
        f.attrs["default"] = "entry"
        entry = f.create_group("entry")
        entry.attrs.update({"NX_class": "NXentry", "default": "data"})
        data = entry.create_group("data")
        data.attrs.update({"NX_class": "NXdata", "signal": "frames"})
        data.create_dataset(
            "frames",
            shape=(3, 40, 60),
            dtype="<u4",
            external=[("frame0.raw", 0, frame.nbytes), ("missing.raw", 0, 2 * frame.nbytes)],
        )
    ax = nxviz.plot(tmp_path / "stack.nxs", ax=_axes(), frame=0)
    (image,) = ax.get_images()
    np.testing.assert_array_equal(image.get_array(), frame)
    with pytest.raises(FileAccessError, match="cannot be read"):
        nxviz.plot(tmp_path / "stack.nxs", ax=_axes(), frame=1)


def test_stack_title_names_the_frame_and_its_coordinate(tmp_path: Path) -> None:
    with h5py.File(tmp_path / "stack.nxs", "w") as f:
        f.attrs["default"] = "entry"
        entry = f.create_group("entry")
        entry.attrs.update({"NX_class": "NXentry", "default": "data"})
        data = entry.create_group("data")
        data.attrs.update({"NX_class": "NXdata", "signal": "images", "axes": ["angle", ".", "."]})
        data["images"] = np.arange(4 * 6 * 8, dtype=np.float32).reshape(4, 6, 8)
        data["angle"] = [0.0, 22.5, 45.0, 67.5]
        data["angle"].attrs["units"] = "deg"
    ax = nxviz.plot(tmp_path / "stack.nxs", ax=_axes(), frame=-1)
    assert ax.get_title().endswith("frame 3 of 4\nangle = 67.5 deg")
    (image,) = ax.get_images()
    assert image.get_array().min() == 3 * 6 * 8


def test_a_slice_of_a_volume_at_its_physical_extent(tmp_path: Path) -> None:
    from tests.volumes.factories import write_volume

    values = write_volume(tmp_path / "volume.nxs")
    path = "/entry/reconstruction/volume"
    ax = nxviz.plot(tmp_path / "volume.nxs", path, ax=_axes(), slice={"axis": 2, "index": 7})
    (image,) = ax.images
    np.testing.assert_array_equal(np.asarray(image.get_array()), values[:, :, 7])
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("y (mm)", "z (mm)")
    left, right, bottom, top = image.get_extent()
    assert (left, right) == pytest.approx((0.75, 1.0 + 25 * 0.5 + 0.25))
    assert (top, bottom) == pytest.approx((0.75, 1.0 + 29 * 0.5 + 0.25))
    assert "x = 4.5 mm" in ax.get_title()


def test_a_slice_option_without_an_axis_is_refused(tmp_path: Path) -> None:
    from nxviz.errors import UsageError
    from tests.volumes.factories import write_volume

    write_volume(tmp_path / "volume.nxs")
    with pytest.raises(UsageError):
        nxviz.plot(tmp_path / "volume.nxs", "/entry/reconstruction/volume", slice={"index": 2})
