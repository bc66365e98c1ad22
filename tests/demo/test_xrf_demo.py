"""The demo's XRF cube and PyMca fit: the tests' real PyMca output, seen as the XRF views see it."""

from __future__ import annotations

from pathlib import Path

from nxviz.demo.pymca import FILES
from nxviz.notebook.source import opened
from nxviz.xrf.describe import describe
from tests.xrf.factories import XRF_DATA


def test_the_demo_ships_the_same_bytes_as_the_tests_pymca_output(demo_dir: Path) -> None:
    for name, source in FILES.items():
        assert (demo_dir / name).read_bytes() == (XRF_DATA / source).read_bytes()


def test_the_demo_cube_and_fit_open_in_the_xrf_views(demo_dir: Path) -> None:
    with opened(demo_dir / "xrf_steel_map.h5", demo_dir) as (locator, h5file):
        cube = describe(locator, h5file, "/")
    assert cube["kind"] == "cube" and cube["cube"]["shape"] == [20, 16, 2048]
    with opened(demo_dir / "xrf_steel_map_fit.h5", demo_dir) as (locator, h5file):
        fit = describe(locator, h5file, "/")
    assert fit["kind"] == "pymca"
    lines = {m["name"] for m in fit["maps"] if m["kind"] == "parameters" and m["element"]}
    assert {"Cu K", "Pb L", "Ni K", "Fe Ka", "Fe Kb", "Cr K", "Mn K", "W L3"} <= lines
