"""Emission lines ranked across shells as a spectrum shows them under the beam."""

from __future__ import annotations

from typing import Any

import pytest

from nxviz.errors import UsageError
from nxviz.xrf.lines import emission_lines


def _by_line(lines: list[dict[str, Any]], element: str) -> dict[str, float]:
    return {str(x["line"]): float(x["intensity"]) for x in lines if x["element"] == element}


def test_iron_k_lines_outshine_its_l_lines_under_a_10_kev_beam():
    """Within its shell Lα1 has the larger radiative rate (0.81 against Kα1's 0.58); in a
    spectrum the L shell's tiny fluorescence yield leaves it far below Kα1."""
    fe = _by_line(emission_lines(["Fe"], excitation=10.0), "Fe")
    assert fe["Ka1"] == 1.0
    assert fe["La1"] < 0.05 * fe["Ka1"]
    assert fe["Ka2"] == pytest.approx(0.51, abs=0.03)  # Kα2 / Kα1, as measured spectra show
    assert fe["Kb1"] < fe["Ka2"] < fe["Ka1"]


def test_a_shell_the_beam_cannot_ionise_gives_no_line():
    """Lead under a 20 keV beam: its K edge is at 88 keV, so only L and M lines, Lα1 the
    strongest, the M lines (low fluorescence yield) below it."""
    pb = _by_line(emission_lines(["Pb"], excitation=20.0), "Pb")
    assert pb["Ka1"] == pb["Kb1"] == 0.0
    assert pb["La1"] == 1.0
    assert pb["Ma1"] < pb["La1"] and pb["Lb1"] < pb["La1"]
    # above the K edge, Kα1 leads
    pb = _by_line(emission_lines(["Pb"], excitation=100.0), "Pb")
    assert pb["Ka1"] == 1.0 and pb["La1"] < pb["Ka1"]


def test_the_beam_is_the_top_of_the_spectrum_unless_given():
    assert emission_lines(["Fe", "Cu"], 0.5, 10.0) == emission_lines(
        ["Fe", "Cu"], 0.5, 10.0, excitation=10.0
    )
    # nothing known: every line excited (above the K edge)
    fe = _by_line(emission_lines(["Fe"]), "Fe")
    assert fe["Ka1"] == 1.0 and fe["La1"] > 0
    # a line out of the range shown is left out, not the element's scale
    every = _by_line(emission_lines(["Fe"], excitation=10.0), "Fe")
    shown = _by_line(emission_lines(["Fe"], 0.5, 1.0, excitation=10.0), "Fe")
    assert set(shown) == {"La1", "La2", "Lb1"} and shown["La1"] == every["La1"]


def test_a_beam_energy_below_zero_is_refused():
    with pytest.raises(UsageError):
        emission_lines(["Fe"], excitation=-1.0)
