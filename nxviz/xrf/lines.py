"""Emission lines of chosen elements, from xraylib's tables (energies in keV).

``intensity`` is the line's radiative rate within its shell (xraylib's ``RadRate``): it ranks the
lines of one shell (Kα1 above Kβ1), not lines of different shells, whose ratio depends on the
excitation energy.
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


def emission_lines(
    elements: list[str], low: float | None = None, high: float | None = None
) -> list[dict[str, Any]]:
    """Each known line of each element (in the order asked) with an energy in [low, high]."""
    import xraylib

    if len(elements) > MAX_ELEMENTS:
        raise UsageError(f"at most {MAX_ELEMENTS} elements at once")
    found: list[dict[str, Any]] = []
    for symbol in elements:
        try:
            z = xraylib.SymbolToAtomicNumber(symbol)
        except ValueError:
            raise UsageError(f"{symbol[:8]!r} is not a chemical element") from None
        for macro, label in LINES:
            line = getattr(xraylib, macro)
            try:
                energy = float(xraylib.LineEnergy(z, line))
                rate = float(xraylib.RadRate(z, line))
            except ValueError:  # no such line for this element
                continue
            if energy <= 0 or (low is not None and energy < low):
                continue
            if high is not None and energy > high:
                continue
            found.append(
                {
                    "element": symbol,
                    "line": macro.removesuffix("_LINE").capitalize(),
                    "label": label,
                    "energy": energy,
                    "intensity": rate,
                }
            )
    return found
