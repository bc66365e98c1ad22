"""Every rule of issue 4: a valid file per definition has no error; each single-defect mutant
yields its code, at its exact path, with its severity."""

from __future__ import annotations

from collections.abc import Callable

import h5py
import numpy as np
import pytest

from nxviz.validation.engine import validate
from nxviz.validation.issues import SEVERITY, Code, Severity
from tests.validation.conftest import MakeFile
from tests.validation.factories import FACTORIES
from tests.validation.mutations import add, add_group, delete, external, set_value, soft

DET = "/entry/instrument/detector"
TRANS = f"{DET}/transformations"


@pytest.mark.parametrize("definition", sorted(FACTORIES))
def test_valid_file_has_no_error(make_file: MakeFile, definition: str) -> None:
    report = validate(make_file(definition))
    assert [i for i in report.issues if i.severity is Severity.ERROR] == []
    assert report.entries[0].definition == definition


def _copy_detectors(f: h5py.File) -> None:
    f.copy(f[DET], "/entry/instrument/detector_2")
    f.copy(f[DET], "/entry/instrument/detector_3")


def _copy_instead_of_link(f: h5py.File) -> None:
    del f["/entry/data/data"]
    f["/entry/data/data"] = np.zeros((3, 4), dtype=np.float32)


def _axis_too_long(f: h5py.File) -> None:
    del f["/entry/data/rotation_angle"]
    f["/entry/data/rotation_angle"] = np.arange(7.0)


E = Severity.ERROR
NXTEST_MUTANTS = [
    # rule 1: presence and occurrence
    pytest.param(
        delete("/entry/title"), Code.MISSING_REQUIRED, "/entry/title", id="missing-required-field"
    ),
    pytest.param(
        delete("/entry/notes"),
        Code.MISSING_RECOMMENDED,
        "/entry/notes",
        id="missing-recommended-field",
    ),
    pytest.param(
        delete("/entry/sample"),
        Code.MISSING_REQUIRED,
        "/entry/sample",
        id="missing-required-group",
    ),
    pytest.param(
        delete("/entry@version"),
        Code.MISSING_REQUIRED,
        "/entry@version",
        id="missing-required-attribute",
    ),
    pytest.param(
        add("/entry/retired", "x"), Code.TOO_MANY, "/entry/retired", id="max-occurs-zero-present"
    ),
    pytest.param(
        _copy_detectors, Code.TOO_MANY, "/entry/instrument/detector_3", id="max-occurs-exceeded"
    ),
    # rule 2: NX_class
    pytest.param(
        set_value("/entry/sample@NX_class", "NXuser"),
        Code.WRONG_NX_CLASS,
        "/entry/sample@NX_class",
        id="wrong-nx-class",
    ),
    pytest.param(
        add_group("/entry/extra", "NXnonsense"),
        Code.UNKNOWN_NX_CLASS,
        "/entry/extra@NX_class",
        id="unknown-nx-class",
    ),
    pytest.param(
        set_value("/entry/title@NX_class", "NXnote"),
        Code.NX_CLASS_ON_FIELD,
        "/entry/title@NX_class",
        id="nx-class-on-field",
    ),
    # rule 3: names
    pytest.param(
        add("/entry/bad name"), Code.INVALID_NAME, "/entry/bad name", id="name-with-space"
    ),
    pytest.param(add("/entry/.hidden"), Code.INVALID_NAME, "/entry/.hidden", id="name-leading-dot"),
    pytest.param(
        add("/entry/extra_field"), Code.UNDOCUMENTED, "/entry/extra_field", id="undocumented-field"
    ),
    pytest.param(
        add_group("/entry/crystal", "NXcrystal"),
        Code.UNDOCUMENTED,
        "/entry/crystal",
        id="undocumented-group",
    ),
    # rule 4: types
    pytest.param(
        set_value("/entry/duration", 2), Code.WRONG_TYPE, "/entry/duration", id="int-for-float"
    ),
    pytest.param(
        set_value("/entry/index", 1.5), Code.WRONG_TYPE, "/entry/index", id="float-for-int"
    ),
    pytest.param(
        set_value("/entry/offset", np.int32(-1)),
        Code.WRONG_TYPE,
        "/entry/offset",
        id="negative-uint",
    ),
    pytest.param(
        set_value("/entry/count", np.int32(0)), Code.WRONG_TYPE, "/entry/count", id="zero-posint"
    ),
    pytest.param(
        set_value("/entry/ratio", "half"), Code.WRONG_TYPE, "/entry/ratio", id="string-for-number"
    ),
    pytest.param(
        set_value("/entry/enabled", 0.5), Code.WRONG_TYPE, "/entry/enabled", id="float-for-boolean"
    ),
    pytest.param(
        set_value("/entry/title", 3), Code.WRONG_TYPE, "/entry/title", id="number-for-char"
    ),
    pytest.param(
        set_value("/entry/start_time", "yesterday"),
        Code.WRONG_TYPE,
        "/entry/start_time",
        id="bad-date-time",
    ),
    pytest.param(
        add("/entry/checksum", 1.5), Code.WRONG_TYPE, "/entry/checksum", id="float-for-binary"
    ),
    # rule 5: units
    pytest.param(
        delete("/entry/duration@units"),
        Code.MISSING_UNITS,
        "/entry/duration@units",
        id="missing-units",
    ),
    pytest.param(
        set_value(f"{DET}/distance@units", "furlongs_per_nothing"),
        Code.BAD_UNITS,
        f"{DET}/distance@units",
        id="unparsable-units",
    ),
    pytest.param(
        set_value(f"{DET}/distance@units", "s"),
        Code.WRONG_UNITS,
        f"{DET}/distance@units",
        id="length-in-seconds",
    ),
    pytest.param(
        set_value(f"{DET}/polar_angle@units", "mm"),
        Code.WRONG_UNITS,
        f"{DET}/polar_angle@units",
        id="angle-in-mm",
    ),
    # rule 6: enumerations
    pytest.param(
        set_value("/entry/mode", "medium"),
        Code.NOT_IN_ENUMERATION,
        "/entry/mode",
        id="field-enumeration",
    ),
    pytest.param(
        set_value("/entry@version", "2.0"),
        Code.NOT_IN_ENUMERATION,
        "/entry@version",
        id="group-attribute-enumeration",
    ),
    # rule 7: ranks, dimensions, symbols
    pytest.param(
        set_value(f"{DET}/frame_time", np.zeros((3, 2))),
        Code.WRONG_RANK,
        f"{DET}/frame_time",
        id="wrong-rank",
    ),
    pytest.param(
        set_value(f"{DET}/data", np.zeros((3, 5))),
        Code.WRONG_DIMENSION,
        f"{DET}/data",
        id="wrong-fixed-dimension",
    ),
    pytest.param(
        set_value(f"{DET}/frame_time", np.zeros(5)),
        Code.INCONSISTENT_SYMBOL,
        f"{DET}/frame_time",
        id="inconsistent-symbol",
    ),
    # rule 8: links
    pytest.param(
        soft(f"{DET}/mask", "/entry/nowhere"),
        Code.BROKEN_LINK,
        f"{DET}/mask",
        id="broken-soft-link",
    ),
    pytest.param(
        external(f"{DET}/frames", "no_such_file.h5", "/data"),
        Code.BROKEN_LINK,
        f"{DET}/frames",
        id="external-link-missing-file",
    ),
    pytest.param(
        _copy_instead_of_link, Code.WRONG_LINK_TARGET, "/entry/data/data", id="nxdl-link-not-a-link"
    ),
    # rule 9: NXdata
    pytest.param(
        set_value("/entry/data@signal", "nothing"),
        Code.NXDATA_SIGNAL,
        "/entry/data@signal",
        id="signal-names-nothing",
    ),
    pytest.param(
        set_value("/entry/data@axes", ["nope", "."]),
        Code.NXDATA_AXES,
        "/entry/data@axes",
        id="axes-names-nothing",
    ),
    pytest.param(
        set_value("/entry/data@rotation_angle_indices", 5),
        Code.NXDATA_INDICES,
        "/entry/data@rotation_angle_indices",
        id="indices-outside-rank",
    ),
    pytest.param(
        _axis_too_long, Code.NXDATA_AXIS_LENGTH, "/entry/data/rotation_angle", id="axis-length"
    ),
    pytest.param(
        add("/entry/data/data_errors", np.zeros((3, 3))),
        Code.NXDATA_ERRORS_SHAPE,
        "/entry/data/data_errors",
        id="errors-shape",
    ),
    # rule 10: @default
    pytest.param(
        set_value("/@default", "nope"), Code.BAD_DEFAULT, "/@default", id="root-default-nowhere"
    ),
    pytest.param(
        set_value("/entry@default", "nope"),
        Code.BAD_DEFAULT,
        "/entry@default",
        id="entry-default-nowhere",
    ),
    pytest.param(
        set_value("/entry@default", "sample"),
        Code.BAD_DEFAULT,
        "/entry@default",
        id="default-chain-not-nxdata",
    ),
    # rule 11: depends_on and NXtransformations
    pytest.param(
        set_value(f"{DET}/depends_on", "transformations/missing"),
        Code.DEPENDS_ON_MISSING,
        f"{DET}/depends_on",
        id="depends-on-missing",
    ),
    pytest.param(
        set_value(f"{TRANS}/rot@depends_on", "nothing"),
        Code.DEPENDS_ON_MISSING,
        f"{TRANS}/rot@depends_on",
        id="depends-on-attribute-missing",
    ),
    pytest.param(
        set_value(f"{TRANS}/trans@depends_on", "rot"),
        Code.DEPENDS_ON_CYCLE,
        f"{TRANS}/trans@depends_on",
        id="depends-on-cycle",
    ),
    pytest.param(
        set_value(f"{TRANS}/rot@transformation_type", "spin"),
        Code.BAD_TRANSFORMATION_TYPE,
        f"{TRANS}/rot@transformation_type",
        id="transformation-type",
    ),
    pytest.param(
        set_value(f"{TRANS}/rot@vector", np.array([0.0, 1.0])),
        Code.BAD_VECTOR,
        f"{TRANS}/rot@vector",
        id="vector-two-elements",
    ),
    pytest.param(
        delete(f"{TRANS}/trans@vector"),
        Code.MISSING_REQUIRED,  # one defect, one finding: not also bad_vector
        f"{TRANS}/trans@vector",
        id="vector-missing",
    ),
]


@pytest.mark.parametrize(("mutate", "code", "path"), NXTEST_MUTANTS)
def test_nxtest_mutant_yields_its_code(
    make_file: MakeFile, mutate: Callable[[h5py.File], None], code: Code, path: str
) -> None:
    report = validate(make_file("NXtest", mutate))
    found = [i for i in report.issues if i.code is code and i.path == path]
    assert found, (
        f"{code.value} not at {path}; got {[(i.code.value, i.path) for i in report.issues]}"
    )
    assert found[0].severity is SEVERITY[code]
    assert not report.ok if SEVERITY[code] is E else True


def test_missing_optional_is_info_only_when_verbose(make_file: MakeFile) -> None:
    path = make_file("NXtest")
    assert validate(path).at("/entry/comment") == []
    verbose = validate(path, verbose=True).at("/entry/comment")
    assert [(i.code, i.severity) for i in verbose] == [(Code.MISSING_OPTIONAL, Severity.INFO)]


def test_external_link_to_missing_path_is_a_finding(make_file: MakeFile) -> None:
    other = make_file("NXsas", name="other.nxs")

    def link(f: h5py.File) -> None:
        f[f"{DET}/frames"] = h5py.ExternalLink(str(other), "/entry/no/such/path")

    report = validate(make_file("NXtest", link))
    found = {(i.code, i.severity) for i in report.at(f"{DET}/frames")}
    assert (Code.BROKEN_LINK, Severity.ERROR) in found


def test_nxdl_link_satisfied_by_soft_link(make_file: MakeFile) -> None:
    def relink(f: h5py.File) -> None:
        del f["/entry/data/data"]
        f["/entry/data/data"] = h5py.SoftLink(f"{DET}/data")

    report = validate(make_file("NXtest", relink))
    assert Code.WRONG_LINK_TARGET not in report.codes()
    assert report.ok


def test_bin_edges_are_a_valid_axis(make_file: MakeFile) -> None:
    def edges(f: h5py.File) -> None:
        del f["/entry/data/rotation_angle"]
        f["/entry/data/rotation_angle"] = np.arange(4.0)

    assert Code.NXDATA_AXIS_LENGTH not in validate(make_file("NXtest", edges)).codes()


def test_h5py_bool_and_int_zero_one_are_booleans(make_file: MakeFile) -> None:
    report = validate(make_file("NXtest", set_value("/entry/enabled", np.int8(1))))
    assert report.at("/entry/enabled") == []


def test_symbols_are_scoped_per_entry(make_file: MakeFile) -> None:
    """A second entry with another frame count is not inconsistent with the first."""

    def second_entry(f: h5py.File) -> None:
        f.copy(f["/entry"], "/entry2")
        for path in ("/entry2/instrument/detector/frame_time", "/entry2/sample/rotation_angle"):
            del f[path]
            f[path] = np.zeros(6)
        del f["/entry2/instrument/detector/data"]
        f["/entry2/instrument/detector/data"] = np.zeros((6, 4))
        del f["/entry2/data/data"], f["/entry2/data/rotation_angle"]
        f["/entry2/data/data"] = f["/entry2/instrument/detector/data"]
        f["/entry2/data/rotation_angle"] = f["/entry2/sample/rotation_angle"]

    report = validate(make_file("NXtest", second_entry))
    assert Code.INCONSISTENT_SYMBOL not in report.codes()
    assert [e.path for e in report.entries] == ["/entry", "/entry2"]


def test_subentry_is_validated_against_its_own_definition(make_file: MakeFile) -> None:
    def wrap_in_subentry(f: h5py.File) -> None:
        f.move("/entry", "/sub")
        outer = f.create_group("/entry")
        outer.attrs["NX_class"] = "NXentry"
        f.move("/sub", "/entry/sub")
        f["/entry/sub"].attrs["NX_class"] = "NXsubentry"
        del f["/entry/sub/title"]
        del f.attrs["default"]

    report = validate(make_file("NXtest", wrap_in_subentry))
    assert [(e.path, e.definition) for e in report.entries] == [
        ("/entry", None),
        ("/entry/sub", "NXtest"),
    ]
    assert [i.code for i in report.at("/entry/sub/title")] == [Code.MISSING_REQUIRED]


def test_a_link_to_an_ancestor_is_neither_followed_nor_checked_again(make_file: MakeFile) -> None:
    def loop(f: h5py.File) -> None:
        f[f"{DET}/entry_again"] = h5py.SoftLink("/entry")

    report = validate(make_file("NXtest", loop))
    assert not [i for i in report.issues if i.path.startswith(f"{DET}/entry_again/")]
    assert report.ok


def test_latin1_angstrom_units_are_understood(make_file: MakeFile) -> None:
    report = validate(make_file("NXtest", set_value(f"{DET}/distance@units", np.bytes_(b"\xc5"))))
    assert report.at(f"{DET}/distance@units") == []
