"""The profile's presence findings, computed only where the profile governs, are exactly what
the validator's engine finds when it runs the whole file with the profile as the definition
(and then filtered to what the checks read), on the shapes of file where the two could part:
links to one object, subentries, entries in odd places, wrong classes, many entries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import h5py
import pytest

from nxviz.fair import checks, presence
from nxviz.fair.engine import PROFILE, prepare, walked
from nxviz.fair.model import Finding
from nxviz.validation.engine import validate_tree
from tests.fair.factories import MakeFile
from tests.validation.factories import field, group, nxcansas, nxtomo

REAL = Path(__file__).resolve().parents[1] / "data" / "real"


def _seen(path: Path, fast: bool) -> set[Finding]:
    """The profile's findings as the checks see them: from the profile pass, or from the whole
    engine run with the profile as every entry's definition."""
    defs = prepare(None)
    members = checks.stated_members(defs.get(PROFILE))
    with walked(path) as tree:
        if fast:
            issues = presence.profile_findings(tree, str(path), defs, PROFILE)
        else:
            issues = validate_tree(tree, str(path), defs, PROFILE).issues
        return set(checks.from_profile(tree, issues, PROFILE, members))


def _no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the profile pass ran the whole engine")

    monkeypatch.setattr(presence, "validate_tree", refused)


def _links(f: h5py.File) -> None:
    del f["entry/user/ORCID"]
    del f["entry"].attrs["default"]
    f["entry_again"] = f["entry"]  # a second hard link to the entry
    f["entry_soft"] = h5py.SoftLink("/entry")
    f["entry/user_again"] = f["entry/user"]
    f["entry/instrument/source_again"] = f["entry/instrument/source"]
    f["entry/instrument/user_elsewhere"] = f["entry/user"]


def _users(f: h5py.File) -> None:
    second = group(f["entry"], "user2", "NXuser")
    field(second, "name", "Grace Hopper")  # no affiliation, no ORCID
    del f["entry/user/ORCID"]


def _subentries(f: h5py.File) -> None:
    mx = group(f["entry"], "part_mx", "NXsubentry")
    field(mx, "definition", "NXmx")
    group(f["entry"], "part_plain", "NXsubentry")
    blank = group(f["entry"], "part_blank", "NXsubentry")
    field(blank, "definition", "  ")
    del f["entry/title"]


def _wrong_classes(f: h5py.File) -> None:
    del f["entry/instrument"], f["entry/sample"]
    group(f["entry"], "instrument", "NXcollection")
    group(f["entry"], "sample", "NXuser")  # an NXuser under another's name
    group(f["entry"], "notes", "NXuser")  # NXentry's own 'notes' is an NXnote
    group(f["entry"], "technique", "NXdata")


def _entries(f: h5py.File) -> None:
    other = group(f, "entry_b", "NXentry")
    field(other, "definition", "NXunknown")
    user = group(other, "someone", "NXuser")
    field(user, "ORCID", "0000-0002-1825-0098")
    group(f, "root_subentry", "NXsubentry")
    del f["entry/user"].attrs["NX_class"]  # a user group without its class


def _empty(f: h5py.File) -> None:
    for name in list(f):
        del f[name]


def _tomography(f: h5py.File) -> None:
    _empty(f)
    nxtomo(f)


def _small_angle(f: h5py.File) -> None:
    _empty(f)
    nxcansas(f)


COVERED: dict[str, Callable[[h5py.File], None] | None] = {
    "ready": None,
    "links": _links,
    "users": _users,
    "subentries": _subentries,
    "wrong_classes": _wrong_classes,
    "entries": _entries,
    "empty": _empty,
    "tomography": _tomography,
    "small_angle": _small_angle,
}


@pytest.mark.parametrize("case", sorted(COVERED))
def test_same_findings_without_the_whole_engine(
    case: str, make_ready: MakeFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_ready(COVERED[case])
    expected = _seen(path, fast=False)
    _no_engine(monkeypatch)
    assert _seen(path, fast=True) == expected
    if case not in ("ready", "empty"):
        assert expected, "the case should lack something the profile asks for"


def _hidden_entries(f: h5py.File) -> None:
    odd = group(f, "mystery", "NXnot_a_class")
    inner = group(odd, "inner", "NXentry")
    field(inner, "title", "an entry below a group of unknown class")
    plain = f.create_group("plain")  # no NX_class at all
    group(plain, "inner", "NXentry")


def _profile_subentry(f: h5py.File) -> None:
    sub = group(f["entry"], "fair_part", "NXsubentry")
    field(sub, "definition", PROFILE)


@pytest.mark.parametrize("mutate", [_hidden_entries, _profile_subentry])
def test_entries_the_engine_checks_elsewhere_go_through_the_engine(
    mutate: Callable[[h5py.File], None], make_ready: MakeFile
) -> None:
    path = make_ready(mutate)
    full = _seen(path, fast=False)
    assert _seen(path, fast=True) == full
    where = {f.path.rsplit("/", 1)[0] for f in full}
    assert where - {"/entry", "/entry/user", "/entry/sample", "/entry/instrument"}, where


def _real_files() -> Iterator[Path]:
    for path in sorted(REAL.iterdir()):
        if path.suffix in (".h5", ".nxs", ".hdf5", ".hdf"):
            yield path


@pytest.mark.parametrize("path", list(_real_files()), ids=lambda p: p.name)
def test_same_findings_on_real_files(path: Path) -> None:
    assert _seen(path, fast=True) == _seen(path, fast=False)
