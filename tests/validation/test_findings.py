"""One defect, one finding, in the right words (issue 14): which field a symbol conflict
blames, and what a finding says."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

from nxviz.definitions.model import (
    Enumeration,
    FieldSpec,
    NameType,
    Occurrence,
    Requirement,
)
from nxviz.validation.engine import validate
from nxviz.validation.issues import Code, Severity
from nxviz.validation.rules import values
from nxviz.validation.walk import walk
from tests.validation.conftest import MakeFile
from tests.validation.mutations import add, set_value

DET = "/entry/instrument/detector"


def test_a_symbol_conflict_blames_the_odd_field_out(make_file: MakeFile) -> None:
    # data says j = 6; pixel_mask and flatfield say j = 5: data is the defect, though seen first
    def mutate(f: h5py.File) -> None:
        set_value(f"{DET}/data", np.zeros((2, 4, 6), dtype=np.uint16))(f)
        add(f"{DET}/flatfield", np.ones((4, 5)))(f)

    report = validate(make_file("NXmx", mutate))
    blamed = [i.path for i in report.issues if i.code is Code.INCONSISTENT_SYMBOL]
    assert blamed == [f"{DET}/data"]
    assert "symbol j is 5" in report.at(f"{DET}/data")[0].message


def test_indices_stored_as_a_string_say_so_once(make_file: MakeFile) -> None:
    report = validate(make_file("NXmx", set_value("/entry/data@rotation_angle_indices", "0")))
    found = report.at("/entry/data@rotation_angle_indices")
    assert [i.code for i in found] == [Code.NXDATA_INDICES]
    assert "stored as a string" in found[0].message


def test_empty_units_are_missing_units(make_file: MakeFile) -> None:
    report = validate(make_file("NXmx", set_value(f"{DET}/distance@units", "")))
    assert [i.code for i in report.at(f"{DET}/distance@units")] == [Code.MISSING_UNITS]


def test_unparseable_units_on_nx_any_are_a_warning(make_file: MakeFile) -> None:
    report = validate(make_file("NXtest", set_value(f"{DET}/data@units", "furlongs per blip")))
    found = report.at(f"{DET}/data@units")
    assert [i.code for i in found] == [Code.UNRECOGNISED_UNITS]
    assert found[0].severity is Severity.WARNING


def test_a_missing_signal_is_a_warning_about_the_plot(make_file: MakeFile) -> None:
    def no_signal(f: h5py.File) -> None:
        del f["/entry/data"].attrs["signal"]

    found = validate(make_file("NXmx", no_signal)).at("/entry/data@signal")
    assert [i.code for i in found] == [Code.NXDATA_NO_SIGNAL]
    assert found[0].severity is Severity.WARNING
    assert "no default plot" in found[0].message


def test_a_coordinate_given_only_by_its_indices_is_length_checked(make_file: MakeFile) -> None:
    def coordinate(f: h5py.File) -> None:
        f["/entry/data/temperature"] = np.ones(7)  # the signal's first dimension is 2
        f["/entry/data"].attrs["temperature_indices"] = np.int32(0)

    report = validate(make_file("NXmx", coordinate))
    assert Code.NXDATA_AXIS_LENGTH in {i.code for i in report.at("/entry/data/temperature")}


def test_attribute_dimensions_are_checked(make_file: MakeFile) -> None:
    offset = f"{DET}/transformations/det_z@offset"  # NXtransformations: [3]
    report = validate(make_file("NXmx", set_value(offset, np.zeros(2))))
    assert [i.code for i in report.at(offset)] == [Code.WRONG_DIMENSION]
    vector = f"{DET}/transformations/det_z@vector"
    report = validate(make_file("NXmx", set_value(vector, np.ones(4))))
    assert [i.code for i in report.at(vector)] == [Code.BAD_VECTOR]  # not also wrong_dimension


def test_deprecated_attributes_are_reported(make_file: MakeFile) -> None:
    report = validate(make_file("NXmx", set_value("/@NeXus_version", "4.3.0")))
    found = report.at("/@NeXus_version")
    assert [i.code for i in found] == [Code.DEPRECATED]
    assert "NAPI is frozen" in found[0].message


def test_a_negative_value_deep_in_a_large_uint_field_is_found(make_file: MakeFile) -> None:
    values = np.zeros(200, dtype=np.int32)
    values[100] = -1  # NXtest offset is NX_UINT; element 100 is past what the walk reads
    report = validate(make_file("NXtest", set_value("/entry/offset", values)))
    assert [i.code for i in report.at("/entry/offset")] == [Code.WRONG_TYPE]
    assert "out of range" in report.at("/entry/offset")[0].message


def test_a_large_enumerated_field_is_checked_on_a_sample(tmp_path: Path) -> None:
    path = tmp_path / "keys.h5"
    keys = np.zeros(300, dtype=np.int32)
    keys[250] = 7
    with h5py.File(path, "w") as f:
        f["keys"] = keys
    spec = FieldSpec(
        name="keys",
        name_type=NameType.SPECIFIED,
        occurrence=Occurrence(Requirement.OPTIONAL),
        nxdl_path="NXtest/ENTRY/keys",
        origin="NXtest",
        type="NX_INT",
        enumeration=Enumeration(("0", "1", "2", "3")),
    )
    with h5py.File(path, "r") as f:
        node = walk(f).get("/keys")
        assert node is not None and node.value is None  # too large for the walk to read
        found = list(values.check(f, node, spec))
    assert [i.code for i in found] == [Code.NOT_IN_ENUMERATION]
    assert "7" in found[0].message


def test_verbose_lists_what_is_lacking_once_per_concept(make_file: MakeFile) -> None:
    report = validate(make_file("NXmx"), verbose=True)
    optional = [i for i in report.issues if i.code is Code.MISSING_OPTIONAL]
    nxdl = [i.nxdl for i in optional]
    assert len(nxdl) == len(set(nxdl))  # one finding per NXDL concept
    assert not [i for i in optional if "FIELDNAME" in i.path]  # placeholders are not lacking
    defaults = [i for i in optional if i.nxdl == "NXobject@default"]
    assert len(defaults) == 1 and "other group(s)" in defaults[0].message
