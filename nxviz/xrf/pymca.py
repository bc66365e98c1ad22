"""Recognise PyMca's fit output from the structure PyMca writes, and list its maps.

PyMca's batch and fast fits write one NXprocess (``xrf_fit`` by default) holding::

    results/            NXcollection
      parameters/       NXdata: one 2-D map per fitted group, named <element>_<line>
      uncertainties/    NXdata: the same names (the parameters' standard deviations)
      massfractions/    NXdata: the same names (with concentrations)
      fit/              NXdata: data, model, residuals (rows x cols x channels), energy
    configuration/      NXnote: data (the fit configuration as .ini text)

Map names are PyMca's: ``Fe_K``, ``Fe_Ka``, ``Fe_Kb``, ``Pb_L``, ``W_L3``, ``Pb_M``; PyMca
also fits scattering peaks (``Scatter_Peak000``, ``Scatter_Compton000``), listed without an
element.
"""

from __future__ import annotations

import posixpath
import re
from collections import deque
from typing import Any

import h5py

from nxviz.hdf5.limits import checkpoint, child_names
from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.nexus import attr_text, child, text

Info = dict[str, Any]

#: the kinds of map, in the order shown
KINDS = ("parameters", "uncertainties", "massfractions", "molarconcentrations")
#: an element symbol and an X-ray line group as PyMca names them
LINE_NAME = re.compile(r"^([A-Z][a-z]?)_(K|Ka|Kb|L|L1|L2|L3|M|M1|M2|M3|M4|M5)$")
#: how far below the object asked the search for a result goes
MAX_DEPTH = 4
MAX_GROUPS = 256


def _group(locator: Locator, parent: Found, name: str) -> Found | None:
    item = child(locator, parent, name)
    return item if item is not None and isinstance(item.entity, h5py.Group) else None


def is_result(locator: Locator, found: Found) -> bool:
    """A PyMca process group: ``results/parameters`` holding at least one 2-D map."""
    if not isinstance(found.entity, h5py.Group):
        return False
    results = _group(locator, found, "results")
    parameters = _group(locator, results, "parameters") if results is not None else None
    return parameters is not None and bool(_maps_of(locator, parameters, "parameters"))


def result_of(
    locator: Locator, h5file: h5py.File, found: Found, path: str
) -> tuple[Found, str] | None:
    """The PyMca process at ``found`` (``path`` in ``h5file``), above it (``results``, a map
    group or a map asked), or the first one below it (breadth first, a few levels deep); with
    its path as seen from ``h5file``."""
    here_path = path
    for up in range(4):
        here = found if up == 0 else locator.find(h5file, here_path)
        if is_result(locator, here):
            return here, here_path
        if here_path == "/":
            break
        here_path = posixpath.dirname(here_path) or "/"
    queue: deque[tuple[Found, str, int]] = deque([(found, path, 0)])
    seen = 0
    while queue and seen < MAX_GROUPS:
        group, group_path, depth = queue.popleft()
        if not isinstance(group.entity, h5py.Group):
            continue
        seen += 1
        checkpoint()
        if is_result(locator, group):
            return group, group_path
        if depth < MAX_DEPTH:
            for name in child_names(group.entity, MAX_GROUPS):
                item = _group(locator, group, name)
                if item is not None:
                    queue.append((item, posixpath.join(group_path, name), depth + 1))
    return None


def label_of(name: str) -> tuple[str, str | None, str | None]:
    """``(label, element, line)`` of a PyMca map name: ``Fe_K`` is ("Fe K", "Fe", "K")."""
    match = LINE_NAME.match(name)
    if match is None:
        return name.replace("_", " "), None, None
    return f"{match.group(1)} {match.group(2)}", match.group(1), match.group(2)


def _maps_of(locator: Locator, group: Found, kind: str, path: str = "/") -> list[Info]:
    maps = []
    for name in child_names(group.entity):
        item = child(locator, group, name)
        if item is None or not isinstance(item.entity, h5py.Dataset):
            continue
        shape = item.entity.shape
        if shape is None or len(shape) != 2 or item.entity.dtype.kind not in "iuf":
            continue
        label, element, line = label_of(name)
        maps.append(
            {
                "name": label,
                "dataset": name,
                "element": element,
                "line": line,
                "kind": kind,
                "path": posixpath.join(path, name),
                "units": attr_text(item.entity, "units") or "",
                "shape": [int(n) for n in shape],
            }
        )
    return maps


def result_maps(locator: Locator, process: Found, path: str) -> list[Info]:
    """Every map of every kind the result holds (element lines first, then the others), named
    from the process's ``path``."""
    results = _group(locator, process, "results")
    maps: list[Info] = []
    if results is None:
        return maps
    for kind in KINDS:
        group = _group(locator, results, kind)
        if group is not None:
            found = _maps_of(locator, group, kind, posixpath.join(path, "results", kind))
            maps.extend(sorted(found, key=lambda m: (m["element"] is None, m["dataset"])))
    return maps


def fit_paths(locator: Locator, process: Found, path: str) -> Info | None:
    """Paths of the measured spectra, the fitted model and the residuals (3-D), if written."""
    results = _group(locator, process, "results")
    fit = _group(locator, results, "fit") if results is not None else None
    if fit is None:
        return None
    paths: Info = {}
    for key, name in (("measured", "data"), ("model", "model"), ("residuals", "residuals")):
        item = child(locator, fit, name)
        ok = item is not None and isinstance(item.entity, h5py.Dataset) and item.entity.ndim == 3
        paths[key] = posixpath.join(path, "results", "fit", name) if ok else None
    return paths if any(paths.values()) else None


def configuration(locator: Locator, process: Found) -> str | None:
    """The fit configuration as text (PyMca's ``configuration/data``)."""
    note = _group(locator, process, "configuration")
    data = child(locator, note, "data") if note is not None else None
    if data is None or not isinstance(data.entity, h5py.Dataset) or data.entity.shape != ():
        return None
    return text(data.entity[()])


def calibration(config: str | None) -> tuple[float, float] | None:
    """The detector's ``(zero, gain)`` in keV from a PyMca configuration's [detector] section."""
    if not config:
        return None
    section = re.search(r"^\[detector\]\s*$(.*?)(^\[|\Z)", config, re.M | re.S)
    if section is None:
        return None
    values: dict[str, float] = {}
    for key in ("zero", "gain"):
        found = re.search(rf"^{key}\s*=\s*([-+0-9.eE]+)\s*$", section.group(1), re.M)
        if found is None:
            return None
        try:
            values[key] = float(found.group(1))
        except ValueError:
            return None
    return values["zero"], values["gain"]
