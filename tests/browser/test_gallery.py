"""The gallery: every real facility file and every demo file opens on the view a scientist
expects, checked as they would check it, on one JupyterLab server; nothing is written anywhere.

For each file: the plotted values against h5py, axis labels with units, distinct tick labels,
a map's aspect ratio, a colour range taken from the data (never −1…1 on data with a range),
no blank canvas. Screenshots land in test-artifacts/ (one per test).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import h5py
import numpy as np
import pytest

from tests.browser.conftest import browser_page
from tests.browser.lab import LabServer, start_lab
from tests.browser.test_viewer import CANVAS_COLOURS
from tests.conftest import PYFAI_DATA, REAL_DATA
from tests.server.test_pyfai import LAB6_Q

TIMEOUT = 30_000

# For every axis drawn by the plot (abscissa, ordinate, colour bar): its tick labels and the
# screen position of each tick's centre along the axis.
AXES = """
(root) => Array.from(root.querySelectorAll('.jp-nxviz-main svg')).flatMap(svg => {
  const ticks = Array.from(svg.querySelectorAll('.visx-axis-tick'));
  if (!ticks.length) { return []; }
  const box = svg.getBoundingClientRect();
  const vertical = box.height > box.width;
  return [{
    type: svg.getAttribute('data-type') || (vertical ? 'colorbar' : 'other'),
    vertical,
    ticks: ticks.map(t => {
      const r = t.getBoundingClientRect();
      return {
        text: t.textContent.trim(),
        at: vertical ? r.top + r.height / 2 : r.left + r.width / 2
      };
    }).filter(t => t.text !== '')
  }];
})
"""


@dataclass(frozen=True)
class Expected:
    """What a scientist expects of a file's default view."""

    name: str
    view: str  # line | heatmap | any (frames, volumes: another view's tests check them)
    signal: str | None = None  # the plotted dataset, read with h5py to compare
    labels: tuple[str, ...] = ()  # text shown on the axes
    scales: str | None = None  # line plots: "x,y"
    curve: str | None = None  # line | points
    errors: bool = False
    note: str | None = None  # text of "chosen because …" when no @default chose the plot
    aspect: str | None = None  # heatmaps: equal | auto
    signals: tuple[str, ...] = field(default=())  # the signals menu, in order
    constant: float | None = None  # heatmaps of one value everywhere: said, not a range
    x: str | None = None  # the abscissa's dataset: the plot is drawn on its values
    y: str | None = None  # a heatmap's ordinate dataset
    peaks_at: tuple[float, ...] = ()  # line plots: the curve's maximum is at one of these x


GALLERY = [
    Expected(
        "real/1998spheres.h5",
        "line",
        "/sasentry_0/sasdata/I",
        ("Q (1/A)", "I (1/cm)"),
        scales="log,log",
        curve="line",
        errors=True,
    ),
    Expected(
        "real/example_01_1D_I_Q.h5",
        "line",
        "/sasentry/sasdata/I",
        ("Q (1/nm)", "I (1/m)"),
        scales="log,log",
        curve="points",
    ),
    Expected(
        "real/writer_2_1.hdf5",
        "line",
        "/entry/data/counts",
        ("two_theta (degrees)", "counts"),
        note="no @default",
    ),
    Expected(
        "real/201805_WSe2_arpes.nxs",
        "any",  # a 3-D cube (angles × energies × delays): the slice view of volumes
        note="first NXdata /entry/data",
    ),
    Expected(
        "real/nexusformat_chopper.nxs",
        "heatmap",
        labels=("Polar Angle [degrees]", "Time-of-Flight [microseconds]"),
        aspect="auto",
    ),
    Expected("real/33id_spec_22_2D.hdf5", "heatmap", labels=("eta",)),
    Expected("real/scan101.nxs", "any", note="no @default"),
    Expected("real/compression.h5", "heatmap", note="first plottable dataset"),
    Expected(
        "demo/xas_spectrum.nxs",
        "line",
        "/entry/data/mu",
        ("Energy (keV)", "μ·t = ln(I0/It)"),
        curve="line",
        signals=("μ·t = ln(I0/It)", "It (counts) (auxiliary)"),
    ),
    Expected(
        "demo/xrf_map.nxs",
        "heatmap",
        labels=("Sample x (mm)", "Sample y (mm)"),
        aspect="equal",
        signals=(
            "Fe Kα counts",
            "Cu Kα counts (auxiliary)",
            "Zn Kα counts (auxiliary)",
            "Ca Kα counts (auxiliary)",
        ),
    ),
    Expected("demo/scan_1d.nxs", "line", errors=True),
    Expected("made/sparse_mask.h5", "heatmap", note="first plottable dataset /mask"),
    Expected("made/constant.h5", "heatmap", note="first plottable dataset", constant=0.0),
    Expected("made/offset.h5", "heatmap", note="first plottable dataset"),
    Expected("made/missing_data.h5", "unreadable"),
    # pyFAI's own output (tests/data/pyfai): LaB6 integrated to I(q) and to the cake I(χ, q)
    Expected(
        "pyfai/lab6_integrate1d.h5",
        "line",
        "/entry_0000/integrate/results/data",
        ("Diffraction radial direction q (Å⁻¹)", "data"),
        curve="line",
        errors=True,
        x="/entry_0000/integrate/results/radial",
        peaks_at=tuple(LAB6_Q),
    ),
    Expected(
        "pyfai/lab6_nxmonopd.h5",
        "line",
        "/entry/results/data",
        ("Scattering vector q (Å⁻¹)", "data"),
        curve="line",
        errors=True,
        x="/entry/results/polar_angle",
        peaks_at=tuple(LAB6_Q),
    ),
    Expected(
        "pyfai/lab6_nxazint1d.h5",
        "line",
        "/entry/data/I",
        ("q (1/angstrom)", "intensity (arbitrary units)"),
        curve="line",
        errors=True,
        x="/entry/data/radial_axis",
        peaks_at=tuple(LAB6_Q),
    ),
    Expected(
        "pyfai/lab6_nxcansas.h5",
        "line",
        "/entry/sasdata/I",
        ("Scattering vector q (Å⁻¹)", "I (arbitrary)"),
        scales="log,log",
        curve="line",
        errors=True,
        x="/entry/sasdata/Q",
        peaks_at=tuple(LAB6_Q),
    ),
    Expected(
        "pyfai/lab6_integrate2d.h5",
        "heatmap",
        labels=("Diffraction radial direction q (Å⁻¹)", "Azimuthal angle χ (degree)"),
        aspect="auto",
        x="/entry_0000/integrate/results/radial",
        y="/entry_0000/integrate/results/chi",
    ),
    Expected("demo/eiger_master.nxs", "any"),
    Expected("demo/eiger_data_000001.h5", "any"),
    Expected("demo/tomo_volume.nxs", "any"),
    Expected("demo/defects.nxs", "any"),
]


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under root, hidden ones included: size and modification time."""
    found: dict[str, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            info = path.lstat()
            found[str(path.relative_to(root))] = (
                info.st_size if not stat.S_ISDIR(info.st_mode) else -1,
                info.st_mtime_ns,
            )
    return found


def write_made(folder: Path) -> None:
    """Data that made the contrast collapse: a mask mostly 0, one value everywhere, a narrow
    range far from 0, a detector whose data file is missing."""
    folder.mkdir()
    rng = np.random.default_rng(13)
    mask = np.zeros((120, 100), dtype=np.uint8)
    mask[rng.integers(0, 120, 6), rng.integers(0, 100, 6)] = 1
    with h5py.File(folder / "sparse_mask.h5", "w") as f:
        f["mask"] = mask
    with h5py.File(folder / "constant.h5", "w") as f:
        f["zeros"] = np.zeros((50, 60))
    with h5py.File(folder / "offset.h5", "w") as f:
        f["image"] = 1230 + rng.uniform(0, 4, (40, 50))
        f["distance"] = 0.1
        f["distance"].attrs["units"] = "m"
    with h5py.File(folder / "missing_data.h5", "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        data = entry.create_group("data")
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = "data_000001"
        data["data_000001"] = h5py.ExternalLink("missing_000001.h5", "/entry/data/data")
        entry["instrument/pixel_mask"] = np.zeros((8, 8))
    # a virtual dataset of two files' rows, the second file missing (read as the fill value)
    with h5py.File(folder / "vds_part_1.h5", "w") as f:
        f["rows"] = rng.uniform(10, 20, (10, 40))
    layout = h5py.VirtualLayout(shape=(20, 40), dtype=np.float64)
    for index in range(2):
        source = h5py.VirtualSource(f"vds_part_{index + 1}.h5", "rows", shape=(10, 40))
        layout[index * 10 : index * 10 + 10] = source
    with h5py.File(folder / "vds_missing.h5", "w") as f:
        f.create_virtual_dataset("image", layout, fillvalue=-1.0)


@pytest.fixture(scope="module")
def gallery_root(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("gallery")
    real = root / "real"
    real.mkdir()
    for path in sorted(REAL_DATA.iterdir()):
        if path.suffix in (".h5", ".nxs", ".hdf5"):
            shutil.copy(path, real / path.name)
    shutil.copytree(demo_dir, root / "demo")
    write_made(root / "made")
    (root / "pyfai").mkdir()
    for path in sorted(PYFAI_DATA.glob("*.h5")):
        shutil.copy(path, root / "pyfai" / path.name)
    readonly = root / "readonly"
    readonly.mkdir()
    shutil.copy(REAL_DATA / "writer_2_1.hdf5", readonly / "scan.hdf5")
    shutil.copy(demo_dir / "xrf_map.nxs", readonly / "map.nxs")
    for path in readonly.iterdir():
        path.chmod(0o444)
    readonly.chmod(0o555)
    yield root
    readonly.chmod(0o755)


@pytest.fixture(scope="module")
def gallery_lab(
    gallery_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LabServer]:
    server = start_lab(gallery_root, tmp_path_factory.mktemp("gallery-home"))
    yield server
    server.stop()


@pytest.fixture
def gpage(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from browser_page(browser, request, 1600, 1000)


def open_file(page, lab: LabServer, name: str):
    page.goto(lab.url(f"lab/workspaces/g{time.monotonic_ns()}/tree/{name}?reset"), timeout=60_000)
    viewer = page.locator(".jp-nxviz-root[data-nxviz-state='ready']")
    viewer.wait_for(timeout=TIMEOUT)
    return viewer


def wait_drawn(page, viewer, minimum: int = 3) -> int:
    deadline = time.monotonic() + 30
    colours = -1
    while time.monotonic() < deadline:
        colours = viewer.evaluate(CANVAS_COLOURS)
        if colours >= minimum:
            return colours
        page.wait_for_timeout(250)
    raise AssertionError(f"the plot canvas shows {colours} colours, expected >= {minimum}")


def tick_number(text: str) -> float | None:
    try:
        return float(text.replace("\u2212", "-"))
    except ValueError:
        return None


def check_axes(viewer) -> list[dict[str, object]]:
    """Every axis has distinct tick labels; returns the axes for further checks.

    A view that has just changed (another signal chosen) draws its summary before h5web has
    laid out the new axes, so the axes are waited for, not read once.
    """
    deadline = time.monotonic() + 10
    axes = viewer.evaluate(AXES)
    while not axes and time.monotonic() < deadline:
        viewer.page.wait_for_timeout(100)
        axes = viewer.evaluate(AXES)
    assert axes, "no axis drawn"
    for axis in axes:
        texts = [t["text"] for t in axis["ticks"]]
        assert len(texts) == len(set(texts)), f"{axis['type']} repeats tick labels: {texts}"
    return axes


def units_per_pixel(axis: dict[str, object]) -> float:
    ticks = [(tick_number(t["text"]), t["at"]) for t in axis["ticks"]]  # type: ignore[index]
    ticks = [(v, at) for v, at in ticks if v is not None]
    (v0, p0), (v1, p1) = ticks[0], ticks[-1]
    return abs((v1 - v0) / (p1 - p0))


def read(lab: LabServer, name: str, path: str) -> np.ndarray:
    with h5py.File(lab.root / name, "r") as f:
        return np.asarray(f[path][()], dtype=np.float64)


@pytest.mark.parametrize("expected", GALLERY, ids=[e.name.replace("/", "-") for e in GALLERY])
def test_gallery_file_opens_on_its_expected_view(
    gpage, gallery_lab: LabServer, expected: Expected
) -> None:
    viewer = open_file(gpage, gallery_lab, expected.name)
    main = viewer.locator(".jp-nxviz-main")
    if expected.view == "any":
        main.locator("canvas, .jp-nxviz-problem, .jp-nxviz-hint").first.wait_for(timeout=TIMEOUT)
        assert not main.locator(".jp-nxviz-problem").count(), main.inner_text()
        if main.locator("canvas").count():
            wait_drawn(gpage, viewer)
        if expected.note:
            assert expected.note in main.locator("[data-nxviz-note]").inner_text()
        return
    if expected.view == "unreadable":
        problem = main.locator("[data-nxviz-view='unreadable']")
        problem.wait_for(timeout=TIMEOUT)
        assert "cannot be read" in problem.inner_text()
        assert not main.locator("canvas").count(), "zeros drawn for data that cannot be read"
        return
    plot = main.locator(f"[data-nxviz-default] [data-nxviz-plot='{expected.view}']")
    plot.wait_for(timeout=TIMEOUT)
    wait_drawn(gpage, viewer, minimum=2 if expected.constant is not None else 3)
    text = main.inner_text()
    for label in expected.labels:
        assert label in text, f"axis label {label!r} missing"
    if expected.note:
        assert expected.note in main.locator("[data-nxviz-note]").inner_text()
    else:
        assert not main.locator("[data-nxviz-note]").count()
    if expected.signals:
        menu = main.locator("select[data-nxviz-control='signal'] option")
        assert tuple(menu.all_inner_texts()) == expected.signals
    else:
        assert not main.locator("select[data-nxviz-control='signal']").count()
    axes = check_axes(viewer)
    if expected.view == "line":
        check_line(gallery_lab, expected, plot)
        x = next(a for a in axes if a["type"] == "abscissa")
        ticks = [(tick_number(t["text"]), t["at"]) for t in x["ticks"]]  # type: ignore[index]
        ticks = sorted((at, v) for v, at in ticks if v is not None)
        values = [v for _, v in ticks]
        assert values == sorted(values), f"the x axis runs backwards: {values}"
    else:
        check_heatmap(expected, plot, axes)
        for path, kind in ((expected.x, "abscissa"), (expected.y, "ordinate")):
            if path:
                axis = next(a for a in axes if a["type"] == kind)
                check_ticks_within(gallery_lab, expected.name, path, axis)


def check_line(lab: LabServer, expected: Expected, plot) -> None:
    summary = json.loads(plot.get_attribute("data-nxviz-summary"))
    if expected.signal:
        values = read(lab, expected.name, expected.signal).reshape(-1)  # (1, n): its row
        assert summary["n"] == values.size
        assert summary["first"] == pytest.approx(values[0])
        assert summary["last"] == pytest.approx(values[-1])
        assert (summary["min"], summary["max"]) == pytest.approx((values.min(), values.max()))
    if expected.scales:
        assert plot.get_attribute("data-nxviz-scales") == expected.scales
    if expected.curve:
        assert plot.get_attribute("data-nxviz-curve") == expected.curve
    assert plot.get_attribute("data-nxviz-errors") == ("shown" if expected.errors else "none")
    if expected.x:
        x = read(lab, expected.name, expected.x)
        assert (summary["x0"], summary["x1"]) == pytest.approx((x[0], x[-1]))
    if expected.peaks_at:
        assert expected.x, "peaks are placed on an abscissa"
        step = abs(x[-1] - x[0]) / (x.size - 1)
        nearest = min(abs(summary["xAtMax"] - at) for at in expected.peaks_at)
        assert nearest <= step, f"the curve peaks at {summary['xAtMax']}, no ring within a bin"


def check_ticks_within(lab: LabServer, name: str, path: str, axis: dict[str, object]) -> None:
    """The axis is drawn on the dataset's values (not on indices): every tick inside their
    range (widened by a bin: pixels are drawn as bins), the ticks spanning most of it."""
    values = read(lab, name, path)
    ticks = [tick_number(t["text"]) for t in axis["ticks"]]  # type: ignore[index]
    numbers = [v for v in ticks if v is not None]
    low, high = values.min(), values.max()
    step = (high - low) / (values.size - 1)
    assert numbers, f"no numbered tick on the axis of {path}"
    assert all(low - step <= v <= high + step for v in numbers), (numbers, low, high)
    assert max(numbers) - min(numbers) >= 0.5 * (high - low), (numbers, low, high)


def check_heatmap(expected: Expected, plot, axes: list[dict[str, object]]) -> None:
    note = plot.locator("[data-nxviz-domain]")
    low, high = (float(v) for v in note.get_attribute("data-nxviz-domain").split(","))
    assert (low, high) != (-1.0, 1.0), "a −1…1 colour range"
    assert low < high
    constant = note.get_attribute("data-nxviz-constant")
    if expected.constant is not None:
        assert constant is not None and float(constant) == expected.constant
        assert "every value shown is" in note.inner_text()
    else:
        assert constant is None
    if expected.aspect:
        assert note.get_attribute("data-nxviz-aspect") == expected.aspect
    if expected.aspect == "equal":
        x = next(a for a in axes if a["type"] == "abscissa")
        y = next(a for a in axes if a["type"] == "ordinate")
        assert units_per_pixel(x) == pytest.approx(units_per_pixel(y), rel=0.03)


def test_xas_signals_menu_draws_each_signal_alone_on_its_own_scale(
    gpage, gallery_lab: LabServer
) -> None:
    viewer = open_file(gpage, gallery_lab, "demo/xas_spectrum.nxs")
    plot = viewer.locator("[data-nxviz-plot='line']")
    plot.wait_for(timeout=TIMEOUT)
    mu = read(gallery_lab, "demo/xas_spectrum.nxs", "/entry/data/mu")
    it = read(gallery_lab, "demo/xas_spectrum.nxs", "/entry/data/absorbed_beam")
    summary = json.loads(plot.get_attribute("data-nxviz-summary"))
    assert summary["max"] == pytest.approx(mu.max())  # μ alone, not under It's 7.7e5

    viewer.locator("select[data-nxviz-control='signal']").select_option(
        label="It (counts) (auxiliary)"
    )
    viewer.locator("[data-nxviz-plot='line'][data-nxviz-summary*='\"n\"']").wait_for()
    gpage.wait_for_function(
        f"() => JSON.parse(document.querySelector(\"[data-nxviz-plot='line']\")"
        f".dataset.nxvizSummary).max > {mu.max() * 10}"
    )
    summary = json.loads(
        viewer.locator("[data-nxviz-plot='line']").get_attribute("data-nxviz-summary")
    )
    assert (summary["min"], summary["max"]) == pytest.approx((it.min(), it.max()))
    assert "It (counts)" in viewer.locator(".jp-nxviz-main").inner_text()
    check_axes(viewer)


def test_xrf_map_offers_each_element_and_keeps_square_steps(gpage, gallery_lab: LabServer) -> None:
    viewer = open_file(gpage, gallery_lab, "demo/xrf_map.nxs")
    viewer.locator("[data-nxviz-plot='heatmap']").wait_for(timeout=TIMEOUT)
    viewer.locator("select[data-nxviz-control='signal']").select_option(
        label="Cu Kα counts (auxiliary)"
    )
    cu = read(gallery_lab, "demo/xrf_map.nxs", "/entry/maps/Cu")
    gpage.wait_for_function(
        "() => document.querySelector('.jp-nxviz-main').innerText.includes('Cu Kα counts')"
    )
    wait_drawn(gpage, viewer)
    note = viewer.locator("[data-nxviz-domain]")
    gpage.wait_for_function(
        f"() => Number(document.querySelector('[data-nxviz-domain]').dataset.nxvizDomain"
        f".split(',')[1]) <= {cu.max()}"
    )
    low, high = (float(v) for v in note.get_attribute("data-nxviz-domain").split(","))
    assert cu.min() <= low < high <= cu.max()
    axes = check_axes(viewer)
    x = next(a for a in axes if a["type"] == "abscissa")
    y = next(a for a in axes if a["type"] == "ordinate")
    assert units_per_pixel(x) == pytest.approx(units_per_pixel(y), rel=0.03)


def export(page, viewer, button: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=TIMEOUT) as download:
        viewer.locator(".jp-nxviz-button", has_text=button).click()
    return download.value.suggested_filename, Path(download.value.path()).read_bytes()


def test_csv_of_a_nexus_curve_has_axis_signal_errors_and_no_tiff(
    gpage, gallery_lab: LabServer
) -> None:
    viewer = open_file(gpage, gallery_lab, "real/1998spheres.h5")
    viewer.locator("[data-nxviz-plot='line']").wait_for(timeout=TIMEOUT)
    assert not viewer.locator(".jp-nxviz-button", has_text="TIFF").count()
    name, body = export(gpage, viewer, "CSV")

    header, *rows = body.decode().splitlines()
    assert header == "Q (1/A),I (1/cm),Idev (1/cm)"
    table = np.array([[float(v) for v in row.split(",")] for row in rows])
    data = "/sasentry_0/sasdata/"
    for column, field_name in enumerate(("Q", "I", "Idev")):
        values = read(gallery_lab, "real/1998spheres.h5", data + field_name)
        np.testing.assert_array_equal(table[:, column], values)
    assert name == "1998spheres-sasentry_0_sasdata_I.csv"


def test_download_names_carry_the_slice(gpage, gallery_lab: LabServer) -> None:
    viewer = open_file(gpage, gallery_lab, "real/201805_WSe2_arpes.nxs")
    viewer.locator(".jp-nxviz-mode[data-mode='heatmap']").click()  # it opens as a volume
    viewer.locator("[data-nxviz-plot='heatmap']").wait_for(timeout=TIMEOUT)
    viewer.locator(".jp-nxviz-slicer input[type='number']").first.fill("12")
    viewer.locator(".jp-nxviz-array[data-drawn^='12,']").wait_for(timeout=TIMEOUT)
    name, body = export(gpage, viewer, "NPY")
    assert name == "201805_WSe2_arpes-entry_data_data-frame12.npy"
    got = np.load(io.BytesIO(body))
    np.testing.assert_array_equal(
        got, read(gallery_lab, "real/201805_WSe2_arpes.nxs", "/entry/data/data")[12]
    )


def test_a_virtual_dataset_says_which_source_is_missing(gpage, gallery_lab: LabServer) -> None:
    viewer = open_file(gpage, gallery_lab, "made/vds_missing.h5")
    notes = viewer.locator(".jp-nxviz-data-notes")
    notes.wait_for(timeout=TIMEOUT)
    text = notes.inner_text()
    assert "vds_part_2.h5" in text and "missing" in text and "fill value" in text
    assert "vds_part_1.h5" not in text
    wait_drawn(gpage, viewer)  # the part that is there is still drawn
    # selected in the tree, the dataset's own view says it too
    viewer.locator(".jp-nxviz-node[data-path='/image']").click()
    viewer.locator(".jp-nxviz-dataset-view .jp-nxviz-data-notes").wait_for(timeout=TIMEOUT)


def test_the_pyfai_cake_is_one_image_whose_empty_bins_are_no_data(
    gpage, gallery_lab: LabServer
) -> None:
    """pyFAI's 1 × 360 × 500 cake is one image (no frames mode, no slicer of 0/0); its bins
    without pixels hold pyFAI's dummy −1, left out of the colour range and said so."""
    name = "pyfai/lab6_integrate2d.h5"
    cake = read(gallery_lab, name, "/entry_0000/integrate/results/data")[0]
    empty = cake == -1
    viewer = open_file(gpage, gallery_lab, name)
    main = viewer.locator(".jp-nxviz-main")
    main.locator("[data-nxviz-plot='heatmap']").wait_for(timeout=TIMEOUT)
    wait_drawn(gpage, viewer)
    modes = main.locator(".jp-nxviz-mode").evaluate_all("els => els.map(e => e.dataset.mode)")
    assert "frames" not in modes and "heatmap" in modes, modes
    assert not main.locator(".jp-nxviz-slicer").count(), main.locator(
        ".jp-nxviz-slicer"
    ).inner_text()
    note = main.locator("[data-nxviz-domain]")
    low, high = (float(v) for v in note.get_attribute("data-nxviz-domain").split(","))
    valid = cake[~empty]
    assert valid.min() <= low < high <= valid.max(), (low, high)
    nodata = main.locator("[data-nxviz-nodata]")
    assert float(nodata.get_attribute("data-nxviz-nodata")) == -1.0
    assert int(nodata.get_attribute("data-nxviz-nodata-count")) == int(empty.sum())
    assert "no data" in nodata.inner_text()
    # the empty bins are drawn transparent over a hatch behind the canvas: marked, not blank
    canvas = main.locator(".jp-nxviz-plot-nodata .jp-nxviz-vis canvas").first
    seen = canvas.evaluate(ALPHA_AND_HATCH)
    assert "repeating-linear-gradient" in seen["hatch"], seen["hatch"]
    assert seen["clear"] > 0 and seen["opaque"] > 0, seen


# How many pixels of a WebGL canvas are fully transparent or opaque, and its CSS background.
ALPHA_AND_HATCH = """
canvas => {
  const copy = document.createElement('canvas');
  copy.width = canvas.width; copy.height = canvas.height;
  const ctx = copy.getContext('2d');
  ctx.drawImage(canvas, 0, 0);
  const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
  let clear = 0, opaque = 0;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] === 0) { clear += 1; } else if (data[i] === 255) { opaque += 1; }
  }
  return { clear, opaque, hatch: getComputedStyle(canvas).backgroundImage };
}
"""


def test_a_scalar_shows_its_units(gpage, gallery_lab: LabServer) -> None:
    viewer = open_file(gpage, gallery_lab, "made/offset.h5")
    viewer.locator(".jp-nxviz-node[data-path='/distance']").click()
    value = viewer.locator("[data-nxviz-view='value']")
    value.wait_for(timeout=TIMEOUT)
    assert value.inner_text().strip() == "0.1 m"


def test_finding_paths_wrap_inside_the_panel_with_the_full_path_on_hover(
    browser: object, request: pytest.FixtureRequest, gallery_lab: LabServer
) -> None:
    pages = browser_page(browser, request, 1100, 900)
    page = next(pages)
    try:
        viewer = open_file(page, gallery_lab, "demo/defects.nxs")
        paths = viewer.locator(".jp-nxviz-finding-path")
        paths.first.wait_for(timeout=60_000)
        cut = paths.evaluate_all(
            "els => els.filter(e => e.scrollWidth > e.clientWidth + 1"
            " || e.getBoundingClientRect().right > e.closest('.jp-nxviz-side')"
            ".getBoundingClientRect().right + 1).map(e => e.textContent)"
        )
        assert not cut, f"finding paths cut off at the panel's edge: {cut}"
        titles = paths.evaluate_all("els => els.map(e => e.title === e.textContent)")
        assert titles and all(titles)
    finally:
        next(pages, None)


def test_opening_files_writes_nothing_anywhere(gpage, gallery_lab: LabServer) -> None:
    """JupyterLab's document context checkpoints writable files it opens (a full copy in
    .ipynb_checkpoints/); nxviz's documents are never saved, so nothing is copied, and a
    read-only folder opens like any other."""
    before = snapshot(gallery_lab.root)
    writes: list[str] = []
    # listing checkpoints (GET) is harmless; creating one is a POST that copies the file
    gpage.on(
        "request",
        lambda r: (
            writes.append(f"{r.method} {r.url}")
            if r.method != "GET" and "/api/contents" in r.url
            else None
        ),
    )
    for name in (
        "real/1998spheres.h5",
        "demo/xrf_map.nxs",
        "demo/eiger_master.nxs",
        "readonly/scan.hdf5",
        "readonly/map.nxs",
    ):
        viewer = open_file(gpage, gallery_lab, name)
        viewer.locator(".jp-nxviz-main canvas").first.wait_for(timeout=TIMEOUT)
        wait_drawn(gpage, viewer)
        gpage.wait_for_timeout(500)  # the document context's checkpoint would be asked now
        assert not gpage.locator(".jp-Dialog").count(), gpage.locator(".jp-Dialog").inner_text()
    after = snapshot(gallery_lab.root)
    assert not writes
    assert not [p for p in after if ".ipynb_checkpoints" in p]
    assert after == before
