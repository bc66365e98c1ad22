"""Things the NXDL text allows, each once reported as a defect (issue 14, items 1-9): every
test writes a file the standard accepts and asserts the finding is gone, and, where the same
rule must still fire, the defect next to it is still found."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

from nxviz.definitions.compile import load_definitions
from nxviz.definitions.model import Enumeration
from nxviz.validation.engine import validate
from nxviz.validation.issues import Code, Severity
from nxviz.validation.rules import enumerations
from tests.validation.conftest import REAL_DATA, MakeFile
from tests.validation.factories import field, group
from tests.validation.mutations import add, set_value, soft


def _codes_at(path: Path, where: str) -> list[Code]:
    return [i.code for i in validate(path).issues if i.path.startswith(where)]


def test_base_class_dimensions_are_illustrative(make_file: MakeFile) -> None:
    # NXarpes gives analyser/data no dimensions; NXdetector's rank 4 is "merely illustrative"
    path = make_file("NXarpes", set_value("/entry/instrument/analyser/data", np.zeros((2, 3, 4))))
    assert _codes_at(path, "/entry/instrument/analyser/data") == []


def test_application_dimensions_are_still_enforced(make_file: MakeFile) -> None:
    # NXmx states detector/data as [nP, i, j] (rank 3 required, 4 allowed)
    path = make_file("NXmx", set_value("/entry/instrument/detector/data", np.zeros(5)))
    # rank="dataRank" with dims [nP, i, j]: a vector breaks the symbols the image binds
    assert Code.INCONSISTENT_SYMBOL in _codes_at(path, "/entry/instrument/detector/data")


def test_a_second_group_of_an_allowed_class_is_documented(make_file: MakeFile) -> None:
    # NXtomo names one NXmonitor `control`; NXentry's variadic MONITOR stays available
    def monitors(f: h5py.File) -> None:
        for name in ("control", "monitor_2"):
            monitor = group(f["/entry"], name, "NXmonitor")
            field(monitor, "data", np.ones(4), "counts")

    path = make_file("NXtomo", monitors)
    assert Code.UNDOCUMENTED not in _codes_at(path, "/entry/monitor_2")
    assert Code.UNDOCUMENTED not in _codes_at(path, "/entry/control")


def test_an_extra_axis_in_a_named_nxdata_is_an_axis(make_file: MakeFile) -> None:
    # NXtomo's data group names rotation_angle; NXdata's AXISNAME still takes another axis
    path = make_file("NXtomo", add("/entry/data/x_translation", np.zeros(4)))
    assert _codes_at(path, "/entry/data/x_translation") == []


def _transmission(f: h5py.File) -> None:
    spectrum = group(
        f["/sasentry"],
        "sastransmission_spectrum",
        "NXdata",
        canSAS_class="SAStransmission_spectrum",
        signal="T",
        T_axes="lambda",
    )
    spectrum.attrs["name"] = "sample"
    field(spectrum, "lambda", np.linspace(1.0, 10.0, 5), "angstrom")
    field(spectrum, "T", np.linspace(0.9, 0.5, 5), "", uncertainties="Tdev")
    field(spectrum, "Tdev", np.full(5, 0.01), "")


def test_a_transmission_spectrum_is_not_checked_as_sasdata(make_file: MakeFile) -> None:
    path = make_file("NXcanSAS", _transmission)
    where = "/sasentry/sastransmission_spectrum"
    found = validate(path).issues
    errors = [i for i in found if i.path.startswith(where) and i.severity is Severity.ERROR]
    assert errors == []


def test_a_transmission_spectrum_with_a_wrong_signal_is_still_wrong(make_file: MakeFile) -> None:
    def wrong(f: h5py.File) -> None:
        _transmission(f)
        f["/sasentry/sastransmission_spectrum"].attrs["signal"] = "Tdev"

    path = make_file("NXcanSAS", wrong)
    assert Code.NOT_IN_ENUMERATION in _codes_at(path, "/sasentry/sastransmission_spectrum@signal")


def test_beam_centre_in_pixels(make_file: MakeFile) -> None:
    # NXmx: "The length can be in physical units or pixels as documented by the units attribute"
    path = make_file("NXmx", set_value("/entry/instrument/detector/beam_center_x@units", "pixels"))
    assert _codes_at(path, "/entry/instrument/detector/beam_center_x") == []
    seconds = make_file("NXmx", set_value("/entry/instrument/detector/beam_center_x@units", "s"))
    assert Code.WRONG_UNITS in _codes_at(seconds, "/entry/instrument/detector/beam_center_x")


def test_entry_without_default_holding_nxdata(make_file: MakeFile) -> None:
    # the root's @default names the entry; the entry has none, so any NXdata in it is plotted
    def no_entry_default(f: h5py.File) -> None:
        del f["/entry"].attrs["default"]

    path = make_file("NXmx", no_entry_default)
    assert Code.BAD_DEFAULT not in validate(path).codes()


def test_entry_without_default_or_nxdata_still_breaks_the_chain(make_file: MakeFile) -> None:
    def nothing_to_plot(f: h5py.File) -> None:
        del f["/entry"].attrs["default"]
        f.move("/entry/data", "/entry/not_data")
        f["/entry/not_data"].attrs["NX_class"] = "NXcollection"

    path = make_file("NXmx", nothing_to_plot)
    assert Code.BAD_DEFAULT in _codes_at(path, "/@default")


def test_array_enumeration_items_lose_their_quotes() -> None:
    # NXazint1d's @axes enumeration is written ['.', 'radial_axis']
    enumeration = Enumeration(("['.', 'radial_axis']",))
    assert enumerations.allowed(np.array([".", "radial_axis"], dtype=object), enumeration)
    assert not enumerations.allowed(np.array([".", "azimuth"], dtype=object), enumeration)


def test_nxazint1d_axes_item_is_read_as_written() -> None:
    spec = load_definitions("NXazint1d")
    items = [
        item
        for g in spec.root.groups
        for sub in g.groups
        for a in sub.attributes
        if a.name == "axes" and a.enumeration is not None
        for item in a.enumeration.items
    ]
    assert "['.', 'radial_axis']" in items


def test_nxcollection_content_is_documented(make_file: MakeFile) -> None:
    def collection(f: h5py.File) -> None:
        notes = group(f["/sasentry"], "notes", "NXcollection")
        field(notes, "anything", 3.0)
        group(notes, "more", "NXnote")

    path = make_file("NXcanSAS", collection)
    assert Code.UNDOCUMENTED not in _codes_at(path, "/sasentry/notes")


def test_extends_unifies_an_unnamed_group_with_a_named_one() -> None:
    # NXdirecttof's <group type="NXinstrument"> is NXtofraw's `instrument`
    report = validate(REAL_DATA / "nexusformat_chopper.nxs")
    assert report.at("/entry/INSTRUMENT") == []
    assert report.at("/entry/instrument") == []
    # NXtofraw's instrument/detector members are still required
    assert Code.MISSING_REQUIRED in {i.code for i in report.at("/entry/instrument/detector/data")}


def test_a_broken_link_in_nxdata_is_reported_once(make_file: MakeFile) -> None:
    path = make_file("NXmx", soft("/entry/data/x", "/entry/gone"))
    assert _codes_at(path, "/entry/data/x") == [Code.BROKEN_LINK]


def test_an_undocumented_group_is_still_reported(make_file: MakeFile) -> None:
    path = make_file("NXmx", add("/entry/sample/extra_field", 1.0))
    assert Code.UNDOCUMENTED in _codes_at(path, "/entry/sample/extra_field")


def test_nxdl_contradictions_are_notes(make_file: MakeFile) -> None:
    # group_index [i] against its doc; flatfield with rank dataRank but dims i, j of one frame
    def mutate(f: h5py.File) -> None:
        add("/entry/instrument/detector/flatfield", np.ones((4, 5)))(f)
        group_index = np.array([1, 2], dtype=np.int32)
        set_value("/entry/instrument/detector_group/group_index", group_index)(f)

    path = make_file("NXmx", mutate)
    report = validate(path, verbose=True)
    for where in (
        "/entry/instrument/detector_group/group_index",
        "/entry/instrument/detector/flatfield",
    ):
        codes = [i.code for i in report.at(where)]
        assert codes == [Code.NXDL_CONTRADICTION], (where, codes)
    assert Code.INCONSISTENT_SYMBOL not in report.codes()
    assert report.ok


def test_transmission_axes_contradiction_is_a_note(make_file: MakeFile) -> None:
    path = make_file("NXcanSAS", _transmission)
    found = validate(path, verbose=True).at("/sasentry/sastransmission_spectrum@T_axes")
    assert [i.code for i in found] == [Code.NXDL_CONTRADICTION]
    assert "wavelengths" in found[0].message


def test_histogram_bin_edges_of_an_axis_are_a_note(tmp_path: Path) -> None:
    # NXtofraw gives MONITOR/data and MONITOR/time_of_flight (axis="1") the one symbol
    # nTimeChan; NXdata's rule 6 allows an axis one value more (bin edges), as the chopper
    # file stores them: a note naming the contradiction. Two values more is still a defect.
    path = tmp_path / "tof.nxs"
    with h5py.File(path, "w") as f:
        entry = group(f, "entry", "NXentry")
        field(entry, "definition", "NXtofraw")
        for name, edges in (("monitor1", 1001), ("monitor2", 1002)):
            monitor = group(entry, name, "NXmonitor")
            field(monitor, "data", np.ones(1000, dtype=np.int32), "counts")
            field(monitor, "time_of_flight", np.arange(edges, dtype=np.float64), "us")
    report = validate(path, verbose=True)
    assert [i.code for i in report.at("/entry/monitor1/time_of_flight")] == [
        Code.NXDL_CONTRADICTION
    ]
    assert Code.INCONSISTENT_SYMBOL in [i.code for i in report.at("/entry/monitor2/time_of_flight")]
    assert Code.INCONSISTENT_SYMBOL not in [i.code for i in report.at("/entry/monitor1/data")]
