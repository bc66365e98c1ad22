"""Emission lines of chosen elements, from xraylib's tables (energies in keV).

``intensity`` is the line's fluorescence production at the excitation energy (xraylib's
``CS_FluorLine_Kissel_Cascade``: the shell's photoionisation, its fluorescence yield, the line's
radiative rate, and the vacancies that cascades from deeper shells bring), divided by that of the
element's strongest line: so it ranks lines across shells as a spectrum shows them (iron's Kα1
far above its Lα1 under a 10 keV beam, although Lα1 has the larger rate within its shell), and
a line whose shell the beam cannot ionise is 0. The element's concentration and the sample's
absorption, which a fit accounts for, are not in it.
"""

from __future__ import annotations

from typing import Any

from nxviz.errors import UsageError

#: (xraylib line macro, Siegbahn label) in the order shown
LINES = (
    ("KA1_LINE", "Kα1"),
    ("KA2_LINE", "Kα2"),
    ("KB1_LINE", "Kβ1"),
    ("KB2_LINE", "Kβ2"),
    ("LA1_LINE", "Lα1"),
    ("LA2_LINE", "Lα2"),
    ("LB1_LINE", "Lβ1"),
    ("LB2_LINE", "Lβ2"),
    ("LG1_LINE", "Lγ1"),
    ("MA1_LINE", "Mα1"),
    ("MB_LINE", "Mβ"),
)
MAX_ELEMENTS = 40
#: with no beam energy known, the beam is this much above the element's K edge
K_EDGE_MARGIN = 1.1


def emission_lines(
    elements: list[str],
    low: float | None = None,
    high: float | None = None,
    excitation: float | None = None,
) -> list[dict[str, Any]]:
    """Each known line of each element (in the order asked) with an energy in [low, high], its
    intensity relative to the element's strongest line under a beam of ``excitation`` keV (when
    not given: ``high``, the top of the spectrum shown; else just above the element's K edge,
    every line excited)."""
    import xraylib

    if excitation is not None and excitation <= 0:
        raise UsageError("'excitation' is a beam energy in keV, above 0")
    if len(elements) > MAX_ELEMENTS:
        raise UsageError(f"at most {MAX_ELEMENTS} elements at once")
    found: list[dict[str, Any]] = []
    for symbol in elements:
        try:
            z = xraylib.SymbolToAtomicNumber(symbol)
        except ValueError:
            raise UsageError(f"{symbol[:8]!r} is not a chemical element") from None
        beam = excitation or high or K_EDGE_MARGIN * float(xraylib.EdgeEnergy(z, xraylib.K_SHELL))
        lines = []
        for macro, label in LINES:
            line = getattr(xraylib, macro)
            try:
                energy = float(xraylib.LineEnergy(z, line))
            except ValueError:  # no such line for this element
                continue
            if energy > 0:
                lines.append((macro, label, energy, _production(xraylib, z, line, beam)))
        strongest = max((made for *_, made in lines), default=0.0)
        for macro, label, energy, made in lines:
            if (low is not None and energy < low) or (high is not None and energy > high):
                continue
            found.append(
                {
                    "element": symbol,
                    "line": macro.removesuffix("_LINE").capitalize(),
                    "label": label,
                    "energy": energy,
                    "intensity": made / strongest if strongest > 0 else 0.0,
                }
            )
    return found


def _production(xraylib: Any, z: int, line: int, beam: float) -> float:
    """The line's fluorescence cross-section (cm²/g) under a beam of ``beam`` keV; 0 when the
    beam cannot ionise its shell."""
    try:
        return float(xraylib.CS_FluorLine_Kissel_Cascade(z, line, beam))
    except ValueError:  # below the shell's edge (or no data)
        return 0.0
