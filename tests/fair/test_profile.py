"""The FAIR profile is NXDL: valid against nxdl.xsd, compiled by the project's NXDL compiler
from the project's folder like nexusformat's definitions, and its required/recommended split is
the one the score uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import nxviz
from nxviz.cli import main
from nxviz.definitions import catalog
from nxviz.definitions.compile import load_definitions
from nxviz.definitions.model import GroupSpec, Requirement
from nxviz.errors import NXDLSyntaxError
from nxviz.fair.checks import EXTRA, PROFILE_MEMBERS, stated_members
from nxviz.fair.engine import PROFILE
from nxviz.fair.model import CHECK_BY_ID

REPO = Path(__file__).resolve().parents[2]
PROFILE_FILE = REPO / "nxdl" / "applications" / f"{PROFILE}.nxdl.xml"


def test_profile_is_valid_against_nxdl_xsd() -> None:
    schema = etree.XMLSchema(etree.parse(str(catalog.standard_root() / "nxdl.xsd")))
    document = etree.parse(str(PROFILE_FILE))
    assert schema.validate(document), schema.error_log


def test_profile_is_found_in_the_project_folder_and_compiled() -> None:
    info = catalog.find_definition(PROFILE)
    assert info.path.resolve() == PROFILE_FILE.resolve()
    definition = load_definitions(PROFILE)
    assert definition.category == "application"
    assert definition.version == catalog.nxdl_version()
    entry = definition.root.groups[0]
    assert entry.type == "NXentry" and entry.governed


def _member(entry: GroupSpec, key: str) -> Requirement:
    """The requirement of a profile member named as in PROFILE_MEMBERS (``/USER/ORCID``)."""
    spec: GroupSpec = entry
    path, _, attribute = key.partition("@")
    parts = [p for p in path.split("/") if p]
    for part in parts[:-1]:
        spec = next(g for g in spec.groups if g.name == part)
    if not parts:
        return next(a for a in spec.attributes if a.name == attribute).occurrence.requirement
    last = next(m for m in spec.members() if m.name == parts[-1])
    if attribute:
        return next(a for a in last.attributes if a.name == attribute).occurrence.requirement  # type: ignore[attr-defined]
    return last.occurrence.requirement


def test_profile_requirements_are_the_checks_requirements() -> None:
    entry = load_definitions(PROFILE).root.groups[0]
    for key, check in PROFILE_MEMBERS.items():
        requirement = _member(entry, key)
        expected = Requirement.REQUIRED if CHECK_BY_ID[check].required else Requirement.RECOMMENDED
        if key == "/technique/data":  # required within the optional technique note
            expected = Requirement.REQUIRED
        assert requirement is expected, key


def test_profile_documents_required_and_recommended() -> None:
    text = PROFILE_FILE.read_text(encoding="utf-8")
    assert "REQUIRED" in text and "RECOMMENDED" in text and 'recommended="true"' in text


def test_a_broken_copy_of_the_profile_is_a_syntax_error(tmp_path: Path) -> None:
    broken = PROFILE_FILE.read_text(encoding="utf-8").replace(
        '<field name="title" type="NX_CHAR">', '<field name="title" type="NX_CHAR" bogus="1">'
    )
    (tmp_path / f"{PROFILE}.nxdl.xml").write_text(broken, encoding="utf-8")
    with pytest.raises(NXDLSyntaxError):
        load_definitions(PROFILE, tmp_path)


def test_every_member_the_profile_states_counts_for_a_standard_check() -> None:
    members = stated_members(load_definitions(PROFILE))
    assert set(members) == set(PROFILE_MEMBERS) - {"/technique/data"}
    assert EXTRA not in members.values()


def test_a_facility_copy_can_extend_the_profile(
    tmp_path: Path, make_ready, capsys: pytest.CaptureFixture[str]
) -> None:
    extended = (
        PROFILE_FILE.read_text(encoding="utf-8")
        .replace('name="NXfair"', 'name="NXfair_facility"')
        .replace(
            '<field name="chemical_formula"',
            '<field name="temperature" type="NX_FLOAT" units="NX_TEMPERATURE"/>\n'
            '      <field name="chemical_formula"',
        )
        .replace(
            '<field name="title" type="NX_CHAR">',
            '<field name="collection_identifier" type="NX_CHAR"/>\n'
            '    <field name="title" type="NX_CHAR">',
        )
    )
    folder = tmp_path / "facility"
    folder.mkdir()
    (folder / "NXfair_facility.nxdl.xml").write_text(extended, encoding="utf-8")
    path = make_ready()
    report = nxviz.fair(path, folder, profile="NXfair_facility")
    found = {(f.check, f.path) for f in report.findings}
    assert found == {
        ("sample", "/entry/sample/temperature"),
        ("profile", "/entry/collection_identifier"),
    }
    assert [r.check.id for r in report.results][-1] == "profile" and not report.ready
    assert (
        main(["fair", str(path), "--definitions", str(folder), "--profile", "NXfair_facility"]) == 1
    )
    assert nxviz.fair(path).ready  # the standard profile is unchanged
