"""Each FAIR check on real files written with h5py: the FAIR-ready file passes all of them, and
each bad kind of value makes exactly the check it concerns fail, at the path it belongs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import h5py
import pytest

import nxviz
from nxviz.fair.model import CHECKS, FairCode
from tests.fair.factories import MakeFile
from tests.validation.factories import field, group


def _set(path: str, value: Any) -> Callable[[h5py.File], None]:
    def mutate(f: h5py.File) -> None:
        del f[path]
        f[path] = value

    return mutate


def _delete(path: str) -> Callable[[h5py.File], None]:
    def mutate(f: h5py.File) -> None:
        del f[path]

    return mutate


def _delete_attribute(path: str, name: str) -> Callable[[h5py.File], None]:
    def mutate(f: h5py.File) -> None:
        del f[path].attrs[name]

    return mutate


def _technique_note(value: str) -> Callable[[h5py.File], None]:
    def mutate(f: h5py.File) -> None:
        del f["/entry/definition"]
        f["/entry/definition"] = "NXmybeamline"
        f["/entry/definition"].attrs["version"] = "1"
        note = group(f["/entry"], "technique", "NXnote")
        field(note, "data", value)
        field(note, "description", "small angle x-ray scattering")

    return mutate


def test_fair_ready_file_scores_100_with_every_check_passed(make_ready: MakeFile) -> None:
    report = nxviz.fair(make_ready())
    assert report.findings == ()
    assert [r.check.id for r in report.results if not r.passed] == []
    assert report.score == 100.0 and report.ready
    (entry,) = report.entries
    assert entry.definition == "NXmx"
    assert entry.technique is not None and entry.technique.id == "PaNET01164"
    assert entry.technique.source == "definition"


CASES = [
    pytest.param(
        _set("/entry/user/ORCID", "0000-0002-1825-0096"),
        "orcid",
        FairCode.ORCID_CHECKSUM,
        "/entry/user/ORCID",
        id="orcid-checksum",
    ),
    pytest.param(
        _set("/entry/user/ORCID", "0000-0002-1825"),
        "orcid",
        FairCode.ORCID_FORMAT,
        "/entry/user/ORCID",
        id="orcid-format",
    ),
    pytest.param(
        _delete("/entry/user/ORCID"),
        "orcid",
        FairCode.MISSING,
        "/entry/user/ORCID",
        id="orcid-missing",
    ),
    pytest.param(
        _set("/entry/start_time", "2024-05-01T10:00:00"),
        "times",
        FairCode.TIME_NO_ZONE,
        "/entry/start_time",
        id="time-without-zone",
    ),
    pytest.param(
        _set("/entry/end_time", "5 past 10"),
        "times",
        FairCode.TIME_UNPARSEABLE,
        "/entry/end_time",
        id="time-unparseable",
    ),
    pytest.param(
        _set("/entry/end_time", "2024-05-01T09:59:00+02:00"),
        "times",
        FairCode.END_BEFORE_START,
        "/entry/end_time",
        id="end-before-start",
    ),
    pytest.param(
        _set("/entry/end_time", "2024-05-01T07:30:00Z"),
        "times",
        FairCode.END_BEFORE_START,
        "/entry/end_time",
        id="end-before-start-other-zone",
    ),
    pytest.param(
        _delete("/entry/end_time"), "times", FairCode.MISSING, "/entry/end_time", id="end-missing"
    ),
    pytest.param(
        _set("/entry/experiment_identifier", "N/A"),
        "proposal",
        FairCode.PLACEHOLDER,
        "/entry/experiment_identifier",
        id="proposal-na",
    ),
    pytest.param(
        _set("/entry/experiment_identifier", "test"),
        "proposal",
        FairCode.PLACEHOLDER,
        "/entry/experiment_identifier",
        id="proposal-test",
    ),
    pytest.param(
        _set("/entry/experiment_identifier", ""),
        "proposal",
        FairCode.PLACEHOLDER,
        "/entry/experiment_identifier",
        id="proposal-empty",
    ),
    pytest.param(
        _delete("/entry/experiment_identifier"),
        "proposal",
        FairCode.MISSING,
        "/entry/experiment_identifier",
        id="proposal-missing",
    ),
    pytest.param(
        _delete("/entry/entry_identifier_uuid"),
        "identifier",
        FairCode.NO_IDENTIFIER,
        "/entry/entry_identifier_uuid",
        id="no-identifier",
    ),
    pytest.param(
        _set("/entry/entry_identifier_uuid", "4f0d3c52-8a43"),
        "identifier",
        FairCode.UUID_MALFORMED,
        "/entry/entry_identifier_uuid",
        id="uuid-malformed",
    ),
    pytest.param(
        _set("/entry/entry_identifier_uuid", "00000000-0000-0000-0000-000000000000"),
        "identifier",
        FairCode.UUID_MALFORMED,
        "/entry/entry_identifier_uuid",
        id="uuid-nil",
    ),
    pytest.param(
        lambda f: f["/entry"].create_dataset("entry_identifier", data="doi:10.12/x"),
        "identifier",
        FairCode.DOI_MALFORMED,
        "/entry/entry_identifier",
        id="doi-malformed",
    ),
    pytest.param(
        lambda f: f["/entry"].create_dataset("entry_identifier", data="N/A"),
        "identifier",
        FairCode.PLACEHOLDER,
        "/entry/entry_identifier",
        id="identifier-placeholder",
    ),
    pytest.param(
        _delete("/entry/title"), "title", FairCode.MISSING, "/entry/title", id="title-missing"
    ),
    pytest.param(
        _set("/entry/title", "TBD"),
        "title",
        FairCode.PLACEHOLDER,
        "/entry/title",
        id="title-placeholder",
    ),
    pytest.param(
        _set("/entry/sample/name", "xxx"),
        "sample",
        FairCode.PLACEHOLDER,
        "/entry/sample/name",
        id="sample-placeholder",
    ),
    pytest.param(
        _delete_attribute("/entry/definition", "version"),
        "definition",
        FairCode.MISSING,
        "/entry/definition@version",
        id="definition-version-missing",
    ),
    pytest.param(
        _delete("/entry/user/affiliation"),
        "users",
        FairCode.MISSING,
        "/entry/user/affiliation",
        id="user-affiliation-missing",
    ),
    pytest.param(
        _delete("/entry/instrument/name"),
        "instrument",
        FairCode.MISSING,
        "/entry/instrument/name",
        id="instrument-name-missing",
    ),
    pytest.param(
        _delete("/entry/instrument/source/probe"),
        "source",
        FairCode.MISSING_RECOMMENDED,
        "/entry/instrument/source/probe",
        id="source-probe-missing",
    ),
    pytest.param(
        _delete("/entry/sample/chemical_formula"),
        "chemical_formula",
        FairCode.MISSING_RECOMMENDED,
        "/entry/sample/chemical_formula",
        id="formula-missing",
    ),
    pytest.param(
        _delete_attribute("/entry/program_name", "version"),
        "program",
        FairCode.MISSING_RECOMMENDED,
        "/entry/program_name@version",
        id="program-version-missing",
    ),
    pytest.param(
        lambda f: f["/entry"].attrs.__setitem__("default", "nowhere"),
        "default_plot",
        FairCode.NO_DEFAULT_PLOT,
        "/entry@default",
        id="default-broken",
    ),
    pytest.param(
        lambda f: f["/entry/data"].attrs.__setitem__("signal", "nothing"),
        "default_plot",
        FairCode.NO_DEFAULT_PLOT,
        "/entry/data@signal",
        id="default-without-signal",
    ),
    pytest.param(
        _set("/entry/instrument/beam/incident_wavelength", "0.98 A"),
        "valid",
        FairCode.NOT_VALID,
        "/entry/definition",
        id="invalid-against-nxmx",
    ),
    pytest.param(
        _technique_note("SAXS"),
        "technique",
        FairCode.UNKNOWN_TECHNIQUE,
        "/entry/technique/data",
        id="technique-note-not-panet",
    ),
]


@pytest.mark.parametrize(("mutate", "check", "code", "path"), CASES)
def test_each_bad_kind_fails_its_check_where_it_belongs(
    make_ready: MakeFile, mutate: Callable[[h5py.File], None], check: str, code: FairCode, path: str
) -> None:
    report = nxviz.fair(make_ready(mutate))
    failed = {r.check.id for r in report.results if not r.passed}
    assert check in failed
    found = [(f.check, f.code, f.path) for f in report.findings]
    assert (check, code, path) in found, found
    assert report.score < 100.0
    assert failed - {check} <= {"valid"}  # a broken @signal is also a validation error
    required = next(c for c in CHECKS if c.id == check).required
    if failed == {check}:
        assert report.ready is not required


def test_unknown_definition_without_technique_note_fails_technique(make_ready: MakeFile) -> None:
    report = nxviz.fair(make_ready(_set("/entry/definition", "NXmybeamline")))
    codes = {(f.check, f.code) for f in report.findings}
    assert ("technique", FairCode.NO_TECHNIQUE) in codes
    assert ("valid", FairCode.NOT_VALID) in codes  # an unknown definition validates nothing
    assert report.entries[0].technique is None


def test_technique_note_names_the_panet_term(make_ready: MakeFile) -> None:
    report = nxviz.fair(make_ready(_technique_note("http://purl.org/pan-science/PaNET/PaNET01188")))
    technique = report.entries[0].technique
    assert technique is not None
    assert (technique.id, technique.label, technique.source) == (
        "PaNET01188",
        "small angle x-ray scattering",
        "note",
    )
    assert "technique" not in {f.check for f in report.findings}


def test_no_user_fails_users_and_orcid_and_says_where_to_add(make_ready: MakeFile) -> None:
    report = nxviz.fair(make_ready(_delete("/entry/user")))
    found = {(f.check, f.path, f.anchor) for f in report.findings}
    assert ("users", "/entry/user", "/entry") in found
    assert ("orcid", "/entry/user/ORCID", "/entry") in found


def test_file_without_entry_scores_low_and_says_so(tmp_path) -> None:
    path = tmp_path / "empty.h5"
    with h5py.File(path, "w") as f:
        f["x"] = 1
    report = nxviz.fair(path)
    assert [f.code for f in report.findings] == [FairCode.NO_ENTRY]
    assert report.entries == () and not report.ready
    assert report.score == 0.0


def test_each_entry_is_checked(make_ready: MakeFile) -> None:
    def second_entry(f: h5py.File) -> None:
        f.copy(f["/entry"], "/entry2")
        del f["/entry2/user/ORCID"]

    report = nxviz.fair(make_ready(second_entry))
    assert [e.path for e in report.entries] == ["/entry", "/entry2"]
    assert [(f.check, f.path) for f in report.findings] == [("orcid", "/entry2/user/ORCID")]


def test_principle_scores_follow_the_checks(make_ready: MakeFile) -> None:
    report = nxviz.fair(make_ready(_set("/entry/user/ORCID", "0000-0002-1825-0096")))
    scores = report.principle_scores()
    assert scores["I3"] == 0.0 and scores["F1"] == 100.0
    assert 0 < scores["R1.2"] < 100
