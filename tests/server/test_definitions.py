"""GET /nxviz/api/definitions and the behaviour every endpoint shares (auth, errors)."""

from __future__ import annotations

import json

import pytest
from tornado.httpclient import HTTPClientError

from nxviz.definitions import catalog


async def test_definitions_lists_the_standard_application_definitions(jp_fetch):
    response = await jp_fetch("nxviz", "api", "definitions")

    assert response.code == 200
    body = json.loads(response.body)
    assert body["nxdl"] == catalog.nxdl_version()
    assert body["nxdl"].startswith("v20")
    names = {d["name"] for d in body["definitions"]}
    assert {"NXmx", "NXtomo", "NXxas", "NXarpes", "NXsas"} <= names
    nxmx = next(d for d in body["definitions"] if d["name"] == "NXmx")
    assert nxmx["file"] == "applications/NXmx.nxdl.xml"
    assert "crystallography" in nxmx["title"]
    assert len(body["definitions"]) == len(
        list(catalog.standard_root().glob("applications/*.nxdl.xml"))
    )


async def test_403_on_definitions_without_token(jp_fetch):
    with pytest.raises(HTTPClientError) as raised:
        await jp_fetch("nxviz", "api", "definitions", headers={"Authorization": ""})

    assert raised.value.code == 403
    body = json.loads(raised.value.response.body)
    assert body["code"] == "forbidden"
