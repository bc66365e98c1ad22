"""NXDL into the model: schema checks, extends and base classes, caching, user folders."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from nxviz.definitions import catalog
from nxviz.definitions.compile import load_definitions
from nxviz.definitions.model import FieldSpec, GroupSpec, NameType, Requirement
from nxviz.errors import DefinitionNotFoundError, NXDLSyntaxError
from nxviz.validation.engine import validate
from nxviz.validation.issues import Code
from tests.validation.conftest import REPO, MakeFile

PROJECT_NXDL = sorted((REPO / "nxdl").rglob("*.nxdl.xml"))
STANDARD = [
    d.name
    for category in ("applications", "contributed_definitions")
    for d in catalog.iter_definitions(catalog.standard_root(), category)
]


def _entry(definition: str) -> GroupSpec:
    return next(g for g in load_definitions(definition).root.groups if g.type == "NXentry")


def _child(group: GroupSpec, name: str) -> GroupSpec:
    return next(g for g in group.groups if g.name == name)


def _field(group: GroupSpec, name: str) -> FieldSpec:
    return next(f for f in group.fields if f.name == name)


@pytest.mark.parametrize("path", PROJECT_NXDL, ids=[p.name for p in PROJECT_NXDL])
def test_project_definitions_are_valid_nxdl(path: Path) -> None:
    definition = load_definitions(path.name.removesuffix(".nxdl.xml"))
    assert definition.source == str(path.resolve()) or Path(definition.source).samefile(path)


def test_project_folder_holds_nxtest() -> None:
    assert "NXtest.nxdl.xml" in [p.name for p in PROJECT_NXDL]


@pytest.mark.parametrize("name", STANDARD)
def test_every_standard_definition_compiles(name: str) -> None:
    definition = load_definitions(name)
    assert definition.name == name
    assert definition.version == catalog.nxdl_version()


def test_compiled_definitions_are_cached_and_frozen() -> None:
    first = load_definitions("NXmx")
    assert load_definitions("NXmx") is first
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.name = "other"  # type: ignore[misc]


def test_base_class_members_are_merged_into_application_groups() -> None:
    detector = _child(_child(_entry("NXmx"), "INSTRUMENT"), "DETECTOR")
    pixel = _field(detector, "x_pixel_size")  # stated by NXdetector only
    assert (pixel.type, pixel.units) == ("NX_FLOAT", "NX_LENGTH")
    assert pixel.occurrence.requirement is Requirement.OPTIONAL
    distance = _field(detector, "distance")  # stated by both: NXmx's requirement wins
    assert distance.occurrence.requirement is Requirement.RECOMMENDED
    assert detector.governed and detector.name_type is NameType.ANY


def test_extends_merges_the_parent_definition() -> None:
    child = load_definitions("NXmpes_arpes")
    parent_fields = {f.name for f in _entry("NXmpes").fields}
    assert child.extends == "NXmpes"
    assert parent_fields <= {f.name for f in _entry("NXmpes_arpes").fields}


def test_unknown_definition_raises() -> None:
    with pytest.raises(DefinitionNotFoundError):
        load_definitions("NXdoesnotexist")


def _write_definition(folder: Path, name: str, body: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.nxdl.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<definition xmlns="http://definition.nexusformat.org/nxdl/3.1" '
        f'name="{name}" extends="NXobject" type="group" category="application">\n'
        f"<doc>test</doc>{body}</definition>\n"
    )


def test_invalid_nxdl_is_a_syntax_error(tmp_path: Path) -> None:
    _write_definition(tmp_path, "NXbroken", '<group type="NXentry"><nonsense/></group>')
    with pytest.raises(NXDLSyntaxError):
        load_definitions("NXbroken", tmp_path)


def test_user_folder_is_searched_first(make_file: MakeFile, tmp_path: Path) -> None:
    folder = tmp_path / "facility"
    _write_definition(
        folder,
        "NXtest",
        '<group type="NXentry"><field name="facility_id" type="NX_INT"/></group>',
    )
    path = make_file("NXtest")
    assert validate(path).ok
    report = validate(path, definitions=folder)
    assert [(i.code, i.path) for i in report.issues if i.code is Code.MISSING_REQUIRED] == [
        (Code.MISSING_REQUIRED, "/entry/facility_id")
    ]


def test_legacy_nxdl_reads_upper_case_names_as_variadic(
    make_file: MakeFile, tmp_path: Path
) -> None:
    folder = tmp_path / "legacy"
    _write_definition(
        folder,
        "NXtest",
        '<group type="NXentry"><field name="title"/><field name="VALUE" type="NX_INT"/></group>',
    )
    definition = load_definitions("NXtest", folder)
    value = _field(next(iter(definition.root.groups)), "VALUE")
    assert value.name_type is NameType.ANY
    report = validate(make_file("NXtest"), definitions=folder)
    assert Code.MISSING_REQUIRED not in report.codes()
