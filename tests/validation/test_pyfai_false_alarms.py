"""Findings pyFAI's files once gave that the NXDL text does not support (issue 14): each test
writes, with h5py, the shape pyFAI writes, asserts the false finding is gone, and that the
rule still fires on a real defect beside it. The NXDL line that decides is named at each."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest

import nxviz
from nxviz.validation.engine import validate
from nxviz.validation.issues import Code, Severity
from tests.validation.factories import field, group


def _at(path: Path, where: str) -> list[Code]:
    return [i.code for i in validate(path).issues if i.path == where]


def _integrated(path: Path, default: str) -> Path:
    """pyFAI-integrate's layout: the entry's @default a path through its NXprocess."""
    with h5py.File(path, "w") as f:
        f.attrs["NX_class"] = "NXroot"
        f.attrs["default"] = "entry_0000"
        entry = group(f, "entry_0000", "NXentry", default=default)
        process = group(entry, "integrate", "NXprocess", default="results")
        results = group(process, "results", "NXdata", signal="data", axes=[".", "radial"])
        field(results, "data", np.ones((1, 10), dtype=np.float32))
        field(results, "radial", np.linspace(0.5, 5.0, 10), "1/angstrom")
    return path


def test_a_default_path_to_the_nxdata_is_a_warning_not_an_error(tmp_path: Path) -> None:
    # NXentry.nxdl.xml:33-45: "The value names a child group. If that group itself has a
    # default attribute, continue this chain until an NXdata group is reached." A path is not
    # a name (a warning that says so), but it does lead to the NXdata (no broken chain).
    report = validate(_integrated(tmp_path / "path.h5", "integrate/results"))
    found = report.at("/entry_0000@default")
    assert [i.code for i in found] == [Code.DEFAULT_PATH]
    assert found[0].severity is Severity.WARNING
    assert found[0].nxdl == "NXentry@default"
    assert "not the name of a child group" in found[0].message
    assert "'integrate'" in found[0].message  # what to write instead
    assert Code.BAD_DEFAULT not in report.codes()


def test_a_default_child_name_is_clean_and_a_path_to_nowhere_still_an_error(
    tmp_path: Path,
) -> None:
    assert _at(_integrated(tmp_path / "name.h5", "integrate"), "/entry_0000@default") == []
    nowhere = _integrated(tmp_path / "nowhere.h5", "integrate/missing")
    assert _at(nowhere, "/entry_0000@default") == [Code.BAD_DEFAULT]


def test_fair_finds_the_default_plot_a_path_leads_to(tmp_path: Path) -> None:
    report = nxviz.fair(_integrated(tmp_path / "fair.h5", "integrate/results"))
    assert [f for f in report.findings if f.check == "default_plot"] == []
    broken = nxviz.fair(_integrated(tmp_path / "broken.h5", "integrate/missing"))
    assert [f.path for f in broken.findings if f.check == "default_plot"] == ["/entry_0000@default"]


def _azint(path: Path, units: str) -> Path:
    """NXazint1d's data group as pyFAI's ``save_NXazint1d`` writes it."""
    with h5py.File(path, "w") as f:
        entry = group(f, "entry", "NXentry")
        field(entry, "definition", "NXazint1d")
        data = group(entry, "data", "NXdata", signal="I", axes=[".", "radial_axis"])
        data.attrs["interpretation"] = "spectrum"
        field(
            data, "I", np.ones((1, 10), dtype=np.float32), "arbitrary units", long_name="intensity"
        )
        field(data, "radial_axis", np.linspace(0.5, 5.0, 10), units, long_name="q")
    return path


@pytest.mark.parametrize("units", ["1/angstrom", "1/nm", "m^-1", "deg", "radian"])
def test_units_whose_enumeration_lists_categories_are_checked_as_units(
    tmp_path: Path, units: str
) -> None:
    # NXazint1d.nxdl.xml:245-250: radial_axis@units enumerates NX_PER_LENGTH, NX_WAVENUMBER,
    # NX_ANGLE: unit categories (nxdlTypes.xsd), so a unit of any one of them is allowed
    assert _at(_azint(tmp_path / "ok.h5", units), "/entry/data/radial_axis@units") == []


@pytest.mark.parametrize(
    ("units", "code"),
    [("s", Code.WRONG_UNITS), ("keV", Code.WRONG_UNITS), ("q_A^-1", Code.BAD_UNITS)],
)
def test_units_of_no_listed_category_are_still_found(
    tmp_path: Path, units: str, code: Code
) -> None:
    found = validate(_azint(tmp_path / "bad.h5", units)).at("/entry/data/radial_axis@units")
    assert [i.code for i in found] == [code]
    assert "NX_PER_LENGTH" in found[0].message or code is Code.BAD_UNITS


def _note(path: Path, data: object) -> Path:
    with h5py.File(path, "w") as f:
        entry = group(f, "entry", "NXentry")
        note = group(entry, "poni", "NXnote")
        field(note, "type", "text/json")
        field(note, "data", data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        '{\r\n "dist": 0.2\r\n}',  # pyFAI's JSON, a variable-length string
        np.bytes_(b"plain text\r\n"),  # a fixed-length string
        np.frombuffer(b"\x89PNG\r\n", dtype=np.uint8),  # bytes
    ],
    ids=["str", "bytes", "uint8"],
)
def test_a_text_note_is_binary_data(tmp_path: Path, data: object) -> None:
    # NXnote.nxdl.xml:76 data is NX_BINARY, which nxdlTypes.xsd:678 defines as "any
    # representation of binary data - if text, line terminator is [CR][LF]": text is one
    assert _at(_note(tmp_path / "note.h5", data), "/entry/poni/data") == []


def test_a_float_array_is_not_binary_data(tmp_path: Path) -> None:
    assert _at(_note(tmp_path / "floats.h5", np.ones(3)), "/entry/poni/data") == [Code.WRONG_TYPE]


def _axis_attributes(path: Path, **attrs: str) -> Path:
    """pyFAI's NXdata, its ``radial`` axis carrying ``attrs`` in place of ``units``."""
    with h5py.File(path, "w") as f:
        entry = group(f, "entry", "NXentry")
        results = group(entry, "results", "NXdata", signal="data", axes=["radial"])
        field(results, "data", np.ones(10, dtype=np.float32))
        field(results, "radial", np.linspace(0.5, 5.0, 10), **attrs)
    return path


def test_an_axis_unit_attribute_in_place_of_units_is_a_warning(tmp_path: Path) -> None:
    # NXdata.nxdl.xml:343 declares AXISNAME@units and no @unit; nxdl.xsd (ignoreExtraAttributes,
    # lines 354-367): "Any items found that do not match the definition in the NXDL will
    # generate a warning message". pyFAI writes radial@unit, so no reader finds its units.
    report = validate(_axis_attributes(tmp_path / "unit.h5", unit="\\AA^{-1}"))
    found = report.at("/entry/results/radial@unit")
    assert [(i.code, i.severity, i.nxdl) for i in found] == [
        (Code.UNDOCUMENTED, Severity.WARNING, "NXdata/AXISNAME@units")
    ]
    assert "names units" in found[0].message
    cased = validate(_axis_attributes(tmp_path / "cased.h5", Units="mm"))
    assert [i.code for i in cased.at("/entry/results/radial@Units")] == [Code.UNDOCUMENTED]


def test_an_extra_unit_beside_units_or_an_unrelated_attribute_is_not_reported(
    tmp_path: Path,
) -> None:
    both = validate(_axis_attributes(tmp_path / "both.h5", units="mm", unit="mm"))
    assert both.at("/entry/results/radial@unit") == []
    other = validate(_axis_attributes(tmp_path / "other.h5", units="mm", interpretation="x"))
    assert [i for i in other.issues if i.code is Code.UNDOCUMENTED] == []


def _text_note(path: Path, data: object) -> Path:
    """An NXnote whose ``data`` (NX_BINARY, NXnote.nxdl.xml:76) is ``data``."""
    with h5py.File(path, "w") as f:
        entry = group(f, "entry", "NXentry")
        note = group(entry, "note", "NXnote")
        field(note, "data", data)
    return path


def test_nx_binary_text_with_bare_lf_line_ends_is_a_warning(tmp_path: Path) -> None:
    # nxdlTypes.xsd:678, NX_BINARY: "any representation of binary data - if text, line
    # terminator is [CR][LF]". pyFAI's configuration JSON mixes CRLF and bare LF.
    mixed = validate(_text_note(tmp_path / "lf.h5", '{\n "a": "x\\r\\ny"\r\n}\n')).at(
        "/entry/note/data"
    )
    assert [(i.code, i.severity, i.nxdl) for i in mixed] == [
        (Code.LINE_TERMINATOR, Severity.WARNING, "NXnote/data")
    ]
    assert "2 line(s)" in mixed[0].message


@pytest.mark.parametrize(
    "data",
    ["first\r\nsecond\r\n", "one line", np.frombuffer(b"\x00\n\x01", dtype=np.uint8)],
    ids=["crlf", "one-line", "bytes"],
)
def test_nx_binary_crlf_text_one_line_or_bytes_are_clean(tmp_path: Path, data: object) -> None:
    assert validate(_text_note(tmp_path / "ok.h5", data)).at("/entry/note/data") == []
