"""The label of a plotted field as a reader sees it: ``long_name (units)``.

Some producers write TeX markup into ``@long_name`` and ``@units``, and pyFAI writes its own
unit names into ``@units``; a label shows them as text:

- TeX markup: ``Scattering vector $q$ ($\\AA^{-1}$)`` reads ``Scattering vector q (Å⁻¹)``
  (math delimiters dropped, a few symbols and ``^{…}`` exponents written out);
- pyFAI's unit names (``q_A^-1``, ``q_nm^-1``, ``2th_deg``, ``chi_rad``, ``r_mm``): the
  quantity's units (``Å⁻¹``, ``nm⁻¹``, ``deg``, ``rad``, ``mm``); in them ``A`` is the ångström.

The units are shown once: not when the long name already holds them, written the same way or
another (``1/A``, ``A^-1``, ``Å⁻¹``, ``1/angstrom`` are one unit; so are ``deg``, ``degrees``
and ``°``).
"""

from __future__ import annotations

import re

#: TeX symbols producers write in labels, as text
SYMBOLS = {
    "AA": "Å",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "Delta": "Δ",
    "eta": "η",
    "theta": "θ",
    "lambda": "λ",
    "mu": "µ",
    "nu": "ν",
    "pi": "π",
    "sigma": "σ",
    "phi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
    "circ": "°",
    "cdot": "·",
    "times": "×",
}
SUPERSCRIPTS = str.maketrans("0123456789-+.", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺·")
#: pyFAI's unit names: a quantity, an underscore, its units (pyFAI.units)
PYFAI_UNIT = re.compile(r"^(?:q|2th|chi|r|d\*2|s|qx|qy|qz|qip|qoop|qtot|x|y)_(\S+)$")


def plain(text: str) -> str:
    """TeX markup written out as text; other text unchanged."""
    if "$" not in text and "\\" not in text and "^{" not in text:
        return text
    out = text.replace("$", "")
    out = re.sub(r"\\(?:mathrm|mathit|text|rm|it)\{([^{}]*)\}", r"\1", out)
    out = re.sub(r"\\([A-Za-z]+)", lambda m: SYMBOLS.get(m[1], m[0]), out)
    out = re.sub(r"\^\{([0-9.+-]+)\}", lambda m: m[1].translate(SUPERSCRIPTS), out)
    return re.sub(r"\^\{([^{}]*)\}", r"\1", out)


def shown_units(units: str | None) -> str:
    """``@units`` as a label shows them."""
    unit = (units or "").strip()
    found = PYFAI_UNIT.match(unit)
    if found:
        unit = re.sub(r"(?<![A-Za-z])A(?![A-Za-z])", "Å", found[1])
        return re.sub(r"\^(-?[0-9]+)", lambda m: m[1].translate(SUPERSCRIPTS), unit)
    return plain(unit)


def _key(unit: str) -> str:
    """One spelling of a unit, to compare: ``1/A``, ``A^-1``, ``Å⁻¹`` -> ``Å^-1``."""
    u = unit.strip().replace(" ", "")
    u = u.replace("⁻", "^-").translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
    u = re.sub(r"(?i)angstroms?|(?<![A-Za-z])A(?![A-Za-z])", "Å", u)
    u = re.sub(r"^1/(.+)$", r"\1^-1", u)
    return re.sub(r"^(?:degrees?|deg)$", "°", u)


def _mentions(shown: str, unit: str) -> bool:
    if re.search(rf"(^|[\s(\[]){re.escape(unit)}($|[\s)\]])", shown):
        return True
    key = _key(unit)
    return any(_key(group) == key for group in re.findall(r"[(\[]([^()\[\]]+)[)\]]", shown))


def label(name: str, long_name: str | None, units: str | None) -> str:
    """``long_name (units)``; the units once, and not when the long name already holds them."""
    shown = plain(long_name.strip()) if long_name and long_name.strip() else name
    unit = shown_units(units)
    if unit and not _mentions(shown, unit):
        return f"{shown} ({unit})"
    return shown
