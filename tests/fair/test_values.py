"""The value checks NXDL cannot state, each on good values and on every bad kind."""

from __future__ import annotations

import pytest

from nxviz.fair import panet, values


@pytest.mark.parametrize(
    "good",
    [
        "0000-0002-1825-0097",
        "0000-0001-5109-3700",
        "0000-0002-1694-233X",
        "https://orcid.org/0000-0002-1825-0097",
    ],
)
def test_valid_orcid_ids_pass(good: str) -> None:
    assert values.orcid_problem(good) is None


@pytest.mark.parametrize(
    ("bad", "kind"),
    [
        pytest.param("0000-0002-1825-0096", "checksum", id="wrong-check-digit"),
        pytest.param("0000-0002-1694-2330", "checksum", id="zero-where-X"),
        pytest.param("0000-0002-1825-009", "format", id="too-short"),
        pytest.param("0000000218250097", "format", id="no-hyphens"),
        pytest.param("orcid:0000-0002-1825-0097", "format", id="unknown-prefix"),
        pytest.param("", "format", id="empty"),
    ],
)
def test_bad_orcid_ids_fail_by_kind(bad: str, kind: str) -> None:
    problem = values.orcid_problem(bad)
    assert problem is not None and problem[0] == kind


def test_orcid_check_character_is_iso_7064_mod_11_2() -> None:
    assert values.orcid_check_character("000000021825009") == "7"
    assert values.orcid_check_character("000000021694233") == "X"


@pytest.mark.parametrize(
    "good", ["2024-05-01T10:00:00+02:00", "2024-05-01T08:00:00Z", "2024-05-01 10:00:00.5-05:00"]
)
def test_zoned_iso_times_pass(good: str) -> None:
    assert values.time_problem(good) is None


@pytest.mark.parametrize(
    ("bad", "kind"),
    [
        pytest.param("2024-05-01T10:00:00", "no_zone", id="no-zone"),
        pytest.param("2024-05-01", "no_zone", id="date-only"),
        pytest.param("01/05/2024 10:00", "unparseable", id="not-iso"),
        pytest.param("yesterday", "unparseable", id="words"),
        pytest.param("", "unparseable", id="empty"),
    ],
)
def test_bad_times_fail_by_kind(bad: str, kind: str) -> None:
    problem = values.time_problem(bad)
    assert problem is not None and problem[0] == kind


@pytest.mark.parametrize(
    "placeholder", ["", "  ", "N/A", "n/a", "test", "TBD", "none", "unknown", "xxxx", "0000", "-"]
)
def test_placeholders_are_recognised(placeholder: str) -> None:
    assert values.is_placeholder(placeholder)


@pytest.mark.parametrize("real", ["MX-20240123", "lysozyme", "20240123", "scan_0042"])
def test_real_identifiers_are_not_placeholders(real: str) -> None:
    assert not values.is_placeholder(real)


def test_uuids() -> None:
    assert values.uuid_problem("4f0d3c52-8a43-4b8e-9a7b-5c1e2d3f4a6b") is None
    assert values.uuid_problem("urn:uuid:4F0D3C52-8A43-4B8E-9A7B-5C1E2D3F4A6B") is None
    assert values.uuid_problem("4f0d3c52-8a43-4b8e-9a7b") is not None
    assert values.uuid_problem("4f0d3c528a434b8e9a7b5c1e2d3f4a6b") is not None
    assert values.uuid_problem("g f0d3c52-8a43-4b8e-9a7b-5c1e2d3f4a6b") is not None
    assert "nil" in (values.uuid_problem("00000000-0000-0000-0000-000000000000") or "")


def test_dois() -> None:
    for good in (
        "10.5281/zenodo.4806026",
        "doi:10.1107/S2052252520013780",
        "https://doi.org/10.5281/zenodo.1",
    ):
        assert values.looks_like_doi(good) and values.doi_problem(good) is None
    for bad in ("10.12/abc", "10.5281", "doi:zenodo.4806026", "https://doi.org/10.5281/"):
        assert values.looks_like_doi(bad) and values.doi_problem(bad) is not None
    assert not values.looks_like_doi("MX-20240123")


def test_panet_identifiers_in_every_written_form() -> None:
    for given in ("PaNET01188", "PaNET:PaNET01188", "http://purl.org/pan-science/PaNET/PaNET01188"):
        assert values.panet_id(given) == "PaNET01188"
    for bad in ("SAXS", "PaNET1188", "https://example.org/PaNET01188", ""):
        assert values.panet_id(bad) is None


def test_panet_table_maps_definitions_to_terms() -> None:
    mx = panet.for_definition("NXmx")
    assert mx is not None and (mx.id, mx.label) == ("PaNET01164", "macromolecular crystallography")
    assert mx.iri == "http://purl.org/pan-science/PaNET/PaNET01164"
    assert panet.for_definition("NXtest") is None
    assert all(t.id.startswith("PaNET") and t.label for t in panet.terms().values())
