"""The API's guards in-process (no index needed: they act before the bot is called)."""

from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from bot.config import Settings
from bot.errors import ConfigError
from bot.http import check_binding, create_api


@pytest.fixture
def client():
    return TestClient(create_api(SimpleNamespace(settings=Settings(max_body_kb=64, api_key=SecretStr("k")))))


def test_a_chunked_body_over_the_limit_is_413_without_a_content_length(client):
    r = client.post("/v1/chat/completions", content=iter([b"x" * 40_000, b"x" * 40_000]),
                    headers={"content-type": "application/json", "Authorization": "Bearer k"})  # fmt: skip
    assert r.status_code == 413 and "BOT_MAX_BODY_KB" in r.json()["error"]["message"]


def test_wrong_shapes_name_the_field(client):
    auth = {"Authorization": "Bearer k"}
    r = client.post("/v1/chat/completions", json={"messages": []}, headers=auth)
    assert r.status_code == 422 and r.json()["error"]["param"] == "messages"
    r = client.post("/v1/retrieve", json={"query": "x", "k": 0}, headers=auth)
    assert r.status_code == 422 and r.json()["error"]["param"] == "k"
    r = client.post("/v1/chat/completions", json={"messages": [{"role": "assistant", "content": "hi"}]}, headers=auth)
    assert r.status_code == 422 and "last message" in r.json()["error"]["message"]


def test_only_a_bearer_with_the_exact_key_passes(client):
    for headers in ({}, {"Authorization": "Bearer K"}, {"Authorization": "Basic k"}, {"Authorization": "Bearer kk"}):
        assert client.get("/v1/models", headers=headers).status_code == 401


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::"])
def test_binding_beyond_loopback_needs_a_key_or_a_password(host):
    with pytest.raises(ConfigError, match="BOT_API_KEY"):
        check_binding(Settings(host=host))
    check_binding(Settings(host=host, api_key=SecretStr("k")))
    check_binding(Settings(host=host, password=SecretStr("p")))
    check_binding(Settings(host="127.0.0.1"))
