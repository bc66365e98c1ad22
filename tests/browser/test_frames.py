"""The Frames view on the demo EIGER stack: opens by default, draws mask and rings, reads out
d-spacings, steps through frames and shows the calibrant rings as radial-profile peaks."""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qs, urlparse

import h5py
import numpy as np
import tifffile

from nxviz.demo import detector
from nxviz.frames.geometry import Geometry
from tests.browser.lab import LabServer

TIMEOUT = 30_000
VIEW = "[data-nxviz-view='frames']"
GAP_RGB = (0x3C, 0x6E, 0x9F)  # PIXEL_COLOURS.gap in labextension/src/frames/paint.ts


def image_requests(page) -> list[dict[str, list[str]]]:
    """The query of every image request the page sends from now on, filled in as they go."""
    asked: list[dict[str, list[str]]] = []
    page.on(
        "request",
        lambda r: (
            asked.append(parse_qs(urlparse(r.url).query)) if "/nxviz/api/image" in r.url else None
        ),
    )
    return asked


def open_eiger(page, lab: LabServer) -> object:
    page.goto(lab.url("lab/workspaces/frames?reset"), timeout=60_000)  # leaves "default" alone
    page.wait_for_selector(".jp-DirListing-item", timeout=60_000)
    page.locator(".jp-DirListing-item", has_text="eiger_master.nxs").dblclick()
    view = page.locator(f"{VIEW}[data-drawn-index='0']")
    try:
        view.wait_for(timeout=TIMEOUT)
    except Exception as error:
        raise AssertionError(
            "no Frames view drew frame 0 of eiger_master.nxs: is labextension/src/frames "
            "wired into the viewer (NxDataView and ViewArea, issue 7)?"
        ) from error
    return view


def file_geometry(lab: LabServer) -> Geometry:
    """The demo detector's geometry read from the file (beam centre in pixels or metres)."""
    with h5py.File(lab.root / "eiger_master.nxs", "r") as f:
        det = f["entry/instrument/detector"]
        pixel_x = float(det["x_pixel_size"][()])
        pixel_y = float(det["y_pixel_size"][()])
        assert det["x_pixel_size"].attrs["units"] == "m"

        def centre(name: str, pixel: float) -> float:
            value = float(det[name][()])
            unit = det[name].attrs.get("units", "pixel")
            assert unit in ("pixel", "m"), unit
            return value if unit == "pixel" else value / pixel

        assert det["distance"].attrs["units"] == "m"
        return Geometry(
            beam_x=centre("beam_center_x", pixel_x),
            beam_y=centre("beam_center_y", pixel_y),
            distance=float(det["distance"][()]),
            wavelength=float(f["entry/instrument/beam/incident_wavelength"][()]),
            pixel_x=pixel_x,
            pixel_y=pixel_y,
        )


def canvas_pixels(page) -> list[int]:
    return page.evaluate(
        """() => {
            const c = document.querySelector(".jp-nxviz-frames-canvas canvas");
            return Array.from(c.getContext("2d").getImageData(0, 0, c.width, c.height).data);
        }"""
    )


def test_frames_view_opens_by_default_with_mask_and_rings(page, lab: LabServer) -> None:
    view = open_eiger(page, lab)
    assert view.get_attribute("data-frame-count") == "70"  # 50 + 20 frames over two files
    page.locator(f"{VIEW}[data-mask-loaded='true']").wait_for(timeout=TIMEOUT)
    rings = page.locator(".jp-nxviz-frames-ring")
    assert rings.count() >= 3
    labels = rings.locator("text").all_text_contents()
    assert all(re.fullmatch(r"\d+\.\d+ Å", t) for t in labels), labels
    # the module gaps of the demo detector are painted in the gap colour
    page.wait_for_function(
        "() => document.querySelector('.jp-nxviz-frames-canvas canvas').dataset.drawnIndex === '0'"
    )
    data = canvas_pixels(page)
    gap = sum(1 for i in range(0, len(data), 4) if (data[i], data[i + 1], data[i + 2]) == GAP_RGB)
    assert gap > 0.01 * len(data) / 4, gap
    page.locator(".jp-nxviz-frames-toggle", has_text="mask").locator("input").uncheck()
    page.wait_for_timeout(300)
    data = canvas_pixels(page)
    hidden = sum(
        1 for i in range(0, len(data), 4) if (data[i], data[i + 1], data[i + 2]) == GAP_RGB
    )
    assert hidden < gap / 10


def test_hover_readout_shows_the_d_spacing_of_the_pixel(page, lab: LabServer) -> None:
    open_eiger(page, lab)
    box = page.locator(".jp-nxviz-frames-canvas canvas").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.72, box["y"] + box["height"] * 0.35)
    readout = page.locator(".jp-nxviz-frames-hover")
    page.wait_for_function(
        "() => /value \\d/.test(document.querySelector('.jp-nxviz-frames-hover').textContent)"
    )
    text = readout.inner_text()
    x = int(re.search(r"x (\d+)", text).group(1))  # type: ignore[union-attr]
    y = int(re.search(r"y (\d+)", text).group(1))  # type: ignore[union-attr]
    shown = float(re.search(r"d ([\d.]+) Å", text).group(1))  # type: ignore[union-attr]
    expected = file_geometry(lab).d(x, y)
    assert abs(shown - expected) < 0.0015, (text, expected)
    assert re.search(r"q [\d.]+ Å⁻¹", text) and re.search(r"2θ [\d.]+°", text)
    with h5py.File(lab.root / "eiger_master.nxs", "r") as f:
        import hdf5plugin  # noqa: F401  (the frames are bitshuffle-LZ4)

        raw = int(f["entry/data/data_000001"][0, y, x])
    assert f"value {raw}" in text or raw == 2**32 - 1


def test_stepping_a_frame_changes_the_pixels(page, lab: LabServer) -> None:
    view = open_eiger(page, lab)
    before = canvas_pixels(page)
    view.focus()
    page.keyboard.press("ArrowRight")
    page.locator(f"{VIEW}[data-drawn-index='1']").wait_for(timeout=TIMEOUT)
    after = canvas_pixels(page)
    assert before != after
    number = page.locator(".jp-nxviz-frames-number")
    assert number.input_value() == "1"
    number.fill("55")  # the sixth frame of the second data file
    page.locator(f"{VIEW}[data-drawn-index='55']").wait_for(timeout=TIMEOUT)
    assert "data_000002 [5]" in page.locator(".jp-nxviz-frames-count").inner_text()


def test_export_downloads_the_shown_frame_of_the_second_data_file(page, lab: LabServer) -> None:
    open_eiger(page, lab)
    page.locator(".jp-nxviz-frames-number").fill("55")
    page.locator(f"{VIEW}[data-drawn-index='55']").wait_for(timeout=TIMEOUT)
    viewer = page.locator(".jp-nxviz-root")
    with page.expect_download(timeout=TIMEOUT) as tiff:
        viewer.locator(".jp-nxviz-button", has_text="TIFF").click()
    with page.expect_download(timeout=TIMEOUT) as npy:
        viewer.locator(".jp-nxviz-button", has_text="NPY").click()

    import hdf5plugin  # noqa: F401 - the data files are bitshuffle-LZ4

    with h5py.File(lab.root / "eiger_master.nxs", "r") as f:
        expected = f["entry/data/data_000002"][5]
    assert tiff.value.suggested_filename == "eiger_master-entry_data_data_000002-frame5.tiff"
    image = tifffile.imread(tiff.value.path())
    assert image.dtype == expected.dtype
    np.testing.assert_array_equal(image, expected)
    np.testing.assert_array_equal(np.load(npy.value.path()), expected)


def test_radial_profile_shows_the_calibrant_rings_as_peaks(page, lab: LabServer) -> None:
    open_eiger(page, lab)
    with page.expect_response(lambda r: "/nxviz/api/profile" in r.url, timeout=TIMEOUT) as asked:
        page.locator(".jp-nxviz-frames-toggle", has_text="radial profile").locator("input").check()
    assert asked.value.status == 200  # computed on the server, not in the browser
    profile = page.locator(".jp-nxviz-frames-profile[data-busy='false']:not([data-peaks=''])")
    profile.wait_for(timeout=TIMEOUT)
    peaks = [float(p) for p in (profile.get_attribute("data-peaks") or "").split(",")]
    geometry = file_geometry(lab)
    corner = max(
        geometry.q(x, y)
        for x in (0, detector.FRAME_SHAPE[1] - 1)
        for y in (0, detector.FRAME_SHAPE[0] - 1)
    )
    expected = [
        2 * math.pi / (detector.LAB6_A / math.sqrt(n))
        for n in detector.LAB6_RINGS
        if 2 * math.pi / (detector.LAB6_A / math.sqrt(n)) < corner * 0.98
    ]
    assert len(expected) >= 6
    width = asked.value.json()["bin_width"]
    for q in expected:
        assert min(abs(p - q) for p in peaks) <= width, (q, peaks)
    # no false ring from the hot pixels the mask flags (2e6 counts, above saturation)
    hot = {
        round(geometry.q(b.column, b.row), 2) for b in detector.BAD_PIXELS if b.bit == detector.HOT
    }
    assert not any(min(abs(p - h) for h in hot) < width / 2 for p in peaks if p not in expected)
    # the plot fits its panel and shows the whole q range, with labelled axes
    panel = page.locator(".jp-nxviz-frames-side").bounding_box()
    svg = profile.locator(".jp-nxviz-frames-profile-box svg").bounding_box()
    assert panel is not None and svg is not None
    assert svg["x"] >= panel["x"] - 1 and svg["x"] + svg["width"] <= panel["x"] + panel["width"] + 1
    assert float(profile.get_attribute("data-x-max") or 0) > corner * 0.98
    labels = profile.locator(".jp-nxviz-frames-profile-label").all_text_contents()
    assert labels == ["q / Å⁻¹", "mean intensity / counts"]
    for axis in ("x", "y"):
        ticks = profile.locator(f".jp-nxviz-frames-profile-tick[data-axis='{axis}'] text")
        texts = ticks.all_text_contents()
        assert len(texts) == len(set(texts)) and len(texts) >= 3, texts


def test_zoom_reaches_single_pixels_and_roi_sums_valid_pixels(page, lab: LabServer) -> None:
    open_eiger(page, lab)
    canvas = page.locator(".jp-nxviz-frames-canvas canvas")
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    for _ in range(12):
        page.mouse.wheel(0, -100)
        page.wait_for_timeout(60)
    page.wait_for_function(
        "() => document.querySelector('.jp-nxviz-frames-canvas canvas').dataset.factors === '1,1'"
    )
    page.locator(".jp-nxviz-frames-toggle", has_text="ROI").locator("input").check()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.7, steps=5)
    page.mouse.up()
    region = page.locator(".jp-nxviz-frames-roi").get_attribute("data-region")
    assert region is not None
    (r0, r1), (c0, c1) = (tuple(int(v) for v in part.split(":")) for part in region.split(","))
    assert 0 < r1 - r0 < 200 and 0 < c1 - c0 < 200  # zoomed in: a small patch of pixels
    stats = page.locator(".jp-nxviz-frames-roi-stats")
    stats.wait_for(timeout=TIMEOUT)
    shown = float(re.search(r"sum ([\d.e+]+)", stats.inner_text()).group(1))  # type: ignore[union-attr]
    import hdf5plugin  # noqa: F401  (the frames are bitshuffle-LZ4)
    import numpy as np

    with h5py.File(lab.root / "eiger_master.nxs", "r") as f:
        frame = f["entry/data/data_000001"][0, r0:r1, c0:c1].astype(np.int64)
        mask = f["entry/instrument/detector/pixel_mask"][r0:r1, c0:c1]
        saturation = int(f["entry/instrument/detector/saturation_value"][()])
    valid = (mask == 0) & (frame != 2**32 - 1) & (frame <= saturation)
    assert shown == float(frame[valid].sum())


def test_sum_of_ten_frames_is_asked_of_the_server_and_raises_the_contrast(
    page, lab: LabServer
) -> None:
    open_eiger(page, lab)
    high = page.locator(".jp-nxviz-frames-high")
    page.wait_for_function(
        "() => Number(document.querySelector('.jp-nxviz-frames-high').value) > 0"
    )
    single = float(high.input_value())
    with page.expect_response(
        lambda r: (
            "/nxviz/api/image" in r.url and "frames=0%3A10" in r.url and "combine=sum" in r.url
        ),
        timeout=TIMEOUT,
    ):
        page.locator(".jp-nxviz-frames-combine select").select_option("sum")
    page.wait_for_function(
        "limit => Number(document.querySelector('.jp-nxviz-frames-high').value) > limit",
        arg=5 * single,
        timeout=TIMEOUT,
    )
    assert "sum of 10" in page.locator(".jp-nxviz-frames-count").inner_text()


def test_a_sum_crossing_into_the_second_data_file_is_combined_by_the_server(
    page, lab: LabServer
) -> None:
    open_eiger(page, lab)
    page.locator(".jp-nxviz-frames-number").fill("45")  # data_000001 holds frames 0..49
    page.locator(f"{VIEW}[data-drawn-index='45']").wait_for(timeout=TIMEOUT)
    with page.expect_response(
        lambda r: (
            "/nxviz/api/image" in r.url
            and "path=%2Fentry%2Fdata&" in r.url
            and "frames=45%3A55" in r.url
        ),
        timeout=TIMEOUT,
    ) as answer:
        page.locator(".jp-nxviz-frames-combine select").select_option("sum")
    assert answer.value.status == 200
    page.locator(f"{VIEW}[data-drawn-index='45']").wait_for(timeout=TIMEOUT)
    count = page.locator(".jp-nxviz-frames-count").inner_text()
    assert "sum of 10" in count and "end of" not in count
