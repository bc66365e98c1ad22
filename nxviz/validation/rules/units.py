"""Rule 5, units: a field whose spec names a units category must carry ``@units``, parseable by
pint and of the category's physical dimension (NX_LENGTH is ``[length]``, and so on)."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from typing import Any

from nxviz.definitions import diskcache
from nxviz.definitions.model import FieldSpec
from nxviz.validation.issues import Code, Issue, issue
from nxviz.validation.walk import Node

#: Each NXDL units category as a pint dimensionality (or, for angles, its root unit).
CATEGORIES: dict[str, str] = {
    "NX_LENGTH": "[length]",
    "NX_WAVELENGTH": "[length]",
    "NX_EMITTANCE": "[length]",
    "NX_AREA": "[length] ** 2",
    "NX_CROSS_SECTION": "[length] ** 2",
    "NX_VOLUME": "[length] ** 3",
    "NX_PER_LENGTH": "1 / [length]",
    "NX_WAVENUMBER": "1 / [length]",
    "NX_PER_AREA": "1 / [length] ** 2",
    "NX_SCATTERING_LENGTH_DENSITY": "1 / [length] ** 2",
    "NX_TIME": "[time]",
    "NX_PERIOD": "[time]",
    "NX_TIME_OF_FLIGHT": "[time]",
    "NX_FREQUENCY": "1 / [time]",
    "NX_MASS": "[mass]",
    "NX_MASS_DENSITY": "[mass] / [length] ** 3",
    "NX_MOLECULAR_WEIGHT": "[mass] / [substance]",
    "NX_ENERGY": "[energy]",
    "NX_POWER": "[power]",
    "NX_PRESSURE": "[pressure]",
    "NX_TEMPERATURE": "[temperature]",
    "NX_CHARGE": "[charge]",
    "NX_CURRENT": "[current]",
    "NX_VOLTAGE": "[electric_potential]",
    "NX_FLUX": "1 / [length] ** 2 / [time]",
    "NX_ANGLE": "radian",
    "NX_SOLID_ANGLE": "radian ** 2",
    "NX_COUNT": "",
    "NX_PULSES": "",
    "NX_DIMENSIONLESS": "",
}
#: Categories that accept any unit pint understands, or none at all.
UNCHECKED = {"NX_ANY", "NX_UNITLESS", "NX_CHAR"}
#: The spellings of a pixel count a field documented as "physical units or pixels" may carry.
PIXELS = ("pixel", "pixels", "px")
_ALIASES = ("Angstrom = angstrom", "Å = angstrom", "Torr = torr", "micron = micrometer")


@functools.cache
def registry() -> Any:
    """One pint registry per process, with the spellings NeXus files commonly use."""
    import pint

    ureg: Any = pint.UnitRegistry(on_redefinition="ignore")
    for alias in _ALIASES:
        ureg.define(alias)
    return ureg


def _pint_version() -> str:
    """Which pint is installed, without importing it or importlib.metadata (~20 ms of a cold
    start): the file its package loads from and that file's modification time, which a new
    install of any version changes."""
    import importlib.util

    spec = importlib.util.find_spec("pint")
    origin = spec.origin if spec is not None else None
    if origin is None:  # pragma: no cover - pint is a dependency
        return "unknown"
    try:
        return f"{origin}:{os.stat(origin).st_mtime_ns}"
    except OSError:  # pragma: no cover
        return origin


@functools.cache
def _verdicts() -> dict[tuple[str, str], bool | None]:
    """Verdicts of earlier runs from the user's cache folder (keyed by the versions of pint and
    nxviz and by the categories and aliases), so a cold start needs pint only for new units."""
    found = diskcache.load("units", _entry())
    return found if isinstance(found, dict) else {}


@functools.cache
def _entry() -> str:
    return diskcache.key(_pint_version(), sorted(CATEGORIES.items()), _ALIASES)


@functools.lru_cache(maxsize=4096)
def fits(units: str, category: str) -> bool | None:
    """True if ``units`` is of ``category``, False if not, None if pint cannot parse it."""
    verdicts = _verdicts()
    key = (units, category)
    if key in verdicts:
        return verdicts[key]
    verdicts[key] = verdict = _judge(units, category)
    diskcache.store("units", _entry(), verdicts)
    return verdict


def _judge(units: str, category: str) -> bool | None:
    ureg = registry()
    try:
        unit = ureg.Unit(units.strip() or "dimensionless")
    except Exception:  # noqa: BLE001 - pint raises many unrelated types for bad strings
        return None
    expected = CATEGORIES.get(category)
    if expected is None:
        return True
    if expected.startswith("radian"):
        root = ureg.get_root_units(unit)[1]
        return bool(root == ureg.Unit(expected) or (category == "NX_ANGLE" and unit == "turn"))
    if expected == "":
        return bool(unit.dimensionless or str(ureg.get_root_units(unit)[1]) in ("count",))
    try:
        return bool(unit.dimensionality == ureg.get_dimensionality(expected))
    except Exception:  # noqa: BLE001
        return False


def _category(node: Node, spec: FieldSpec) -> str | None:
    category = spec.units
    if category == "NX_TRANSFORMATION":
        kind = node.attrs.get("transformation_type")
        return {"translation": "NX_LENGTH", "rotation": "NX_ANGLE"}.get(str(kind), "NX_ANY")
    return category


def check(node: Node, spec: FieldSpec) -> Iterator[Issue]:
    category = _category(node, spec)
    if category is None or category in ("NX_UNITLESS",):
        return
    units = node.attrs.get("units")
    if units is None or (isinstance(units, str) and not units.strip()):
        if category not in ("NX_DIMENSIONLESS", "NX_COUNT", "NX_PULSES", "NX_ANY"):
            said = "no units" if units is None else "empty units"
            yield issue(
                Code.MISSING_UNITS,
                f"{node.path}@units",
                f"{said}; {spec.units} expected",
                f"{spec.nxdl_path}@units",
            )
        return
    if not isinstance(units, str):
        yield issue(Code.BAD_UNITS, f"{node.path}@units", "units is not a string", spec.nxdl_path)
        return
    if spec.pixel_units and units.strip() in PIXELS:
        return  # "in physical units or pixels as documented by the units attribute"
    result = fits(units, category)
    if result is None:
        yield issue(
            Code.UNRECOGNISED_UNITS if category == "NX_ANY" else Code.BAD_UNITS,
            f"{node.path}@units",
            f"unit {units!r} is not understood",
            spec.nxdl_path,
        )
    elif not result:
        yield issue(
            Code.WRONG_UNITS,
            f"{node.path}@units",
            f"unit {units!r} is not of category {category}",
            spec.nxdl_path,
        )


def lists_categories(items: tuple[str, ...]) -> bool:
    """Whether an enumeration of a ``units`` attribute lists units categories (NXazint1d's
    ``radial_axis@units``: NX_PER_LENGTH, NX_WAVENUMBER, NX_ANGLE) rather than unit names."""
    return bool(items) and all(item in CATEGORIES or item in UNCHECKED for item in items)


def listed(path: str, value: Any, categories: tuple[str, ...], nxdl: str) -> Iterator[Issue]:
    """A ``units`` attribute whose enumeration lists categories: units of any one of them."""
    shown = ", ".join(categories)
    if not isinstance(value, str):
        yield issue(Code.BAD_UNITS, path, "units is not a string", nxdl)
        return
    if not value.strip():
        yield issue(Code.MISSING_UNITS, path, f"empty units; one of {shown} expected", nxdl)
        return
    verdicts = [fits(value, category) for category in categories]
    if any(verdicts):
        return
    if all(verdict is None for verdict in verdicts):
        yield issue(Code.BAD_UNITS, path, f"unit {value!r} is not understood", nxdl)
    else:
        yield issue(Code.WRONG_UNITS, path, f"unit {value!r} is of none of: {shown}", nxdl)
