"""Geometry of a flat detector normal to the beam, against numbers worked out by hand."""

from __future__ import annotations

import math

import pytest

from nxviz.frames.geometry import Geometry, energy_to_wavelength, rings

# Beam at pixel (100, 200), 0.1 m away, 1 Å, 100 µm pixels.
GEOMETRY = Geometry(
    beam_x=100.0, beam_y=200.0, distance=0.1, wavelength=1.0, pixel_x=1e-4, pixel_y=1e-4
)


def test_pixel_at_45_degrees_two_theta() -> None:
    # 1000 pixels of 100 µm along x: r = 0.1 m = distance, so 2θ = 45°.
    assert math.degrees(GEOMETRY.two_theta(1100.0, 200.0)) == pytest.approx(45.0)
    # d = λ / (2 sin 22.5°) = 1 / (2 × 0.3826834) = 1.3065630 Å
    assert GEOMETRY.d(1100.0, 200.0) == pytest.approx(1.3065630, rel=1e-7)
    # q = 4π sin 22.5° / λ = 12.5663706 × 0.3826834 = 4.8089418 Å⁻¹
    assert GEOMETRY.q(1100.0, 200.0) == pytest.approx(4.8089418, rel=1e-7)


def test_radius_combines_both_axes() -> None:
    # 300 px along x and 400 px along y: a 3-4-5 triangle, r = 500 px = 0.05 m.
    assert GEOMETRY.radius(400.0, 600.0) == pytest.approx(0.05)
    # tan 2θ = 0.5: 2θ = 26.565051°, θ = 13.282526°, sin θ = 0.2297529, d = 2.1762509 Å
    assert math.degrees(GEOMETRY.two_theta(400.0, 600.0)) == pytest.approx(26.565051, rel=1e-7)
    assert GEOMETRY.d(400.0, 600.0) == pytest.approx(2.1762509, rel=1e-6)


def test_d_times_q_is_two_pi() -> None:
    assert GEOMETRY.d(350.0, 10.0) * GEOMETRY.q(350.0, 10.0) == pytest.approx(2 * math.pi)


def test_beam_centre_has_infinite_d_and_zero_q() -> None:
    assert GEOMETRY.d(100.0, 200.0) == math.inf
    assert GEOMETRY.q(100.0, 200.0) == 0.0


def test_pixel_sizes_apply_per_axis() -> None:
    wide = Geometry(0.0, 0.0, 0.1, 1.0, pixel_x=2e-4, pixel_y=1e-4)
    assert wide.radius(10.0, 0.0) == pytest.approx(2e-3)
    assert wide.radius(0.0, 10.0) == pytest.approx(1e-3)


def test_ring_radius_of_a_d_spacing() -> None:
    # d = 2 Å, λ = 1 Å: sin θ = 0.25, tan θ = 0.25 / √0.9375 = 0.2581989,
    # tan 2θ = 2 tan θ / (1 - tan² θ) = 0.5163978 / 0.9333333 = 0.5532834
    assert GEOMETRY.ring_radius(2.0) == pytest.approx(0.05532834, rel=1e-6)
    # λ / 2d ≥ 1 cannot diffract; 2θ ≥ 90° never reaches a flat detector
    assert GEOMETRY.ring_radius(0.5) is None
    assert GEOMETRY.ring_radius(0.7) is None


def test_ring_radius_inverts_the_pixel_d_spacing() -> None:
    d = GEOMETRY.d(731.0, 455.0)
    radius = GEOMETRY.ring_radius(d)
    assert radius == pytest.approx(GEOMETRY.radius(731.0, 455.0))


def test_rings_are_the_round_spacings_within_reach() -> None:
    found = rings(GEOMETRY, max_radius=0.06, spacings=(10.0, 5.0, 2.0, 1.5))
    # 10 Å: sin θ = 0.05, tan θ = 0.0500626, tan 2θ = 0.1001252 / 0.9974937 = 0.1003768
    # 5 Å: sin θ = 0.1, tan θ = 0.1005038, tan 2θ = 0.2010076 / 0.9898990 = 0.2030588
    assert [d for d, _ in found] == [10.0, 5.0, 2.0]
    assert found[0][1] == pytest.approx(0.01003768, rel=1e-6)
    assert found[1][1] == pytest.approx(0.02030588, rel=1e-6)


def test_energy_to_wavelength() -> None:
    # 12.398 keV is 1 Å
    assert energy_to_wavelength(12398.41984332) == pytest.approx(1.0)


def test_two_theta_map_matches_the_pixel_formula() -> None:
    grid = GEOMETRY.two_theta_map((300, 500))
    assert grid.shape == (300, 500)
    assert grid[250, 400] == pytest.approx(GEOMETRY.two_theta(400.0, 250.0))
    assert grid[200, 100] == 0.0
