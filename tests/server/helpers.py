"""Small helpers for the endpoint tests."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError


async def get_json(jp_fetch: Any, endpoint: str, **params: object) -> Any:
    response = await jp_fetch("nxviz", "api", endpoint, params=params)
    assert response.code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    return json.loads(response.body)


async def get_error(jp_fetch: Any, endpoint: str, **params: object) -> tuple[int, dict[str, str]]:
    with pytest.raises(HTTPClientError) as raised:
        await jp_fetch("nxviz", "api", endpoint, params=params)
    body = json.loads(raised.value.response.body)
    assert set(body) == {"code", "message"}
    return raised.value.code, body
