"""Only the configured pages may use /api: 403 for others, CORS headers only for allowed ones."""

from __future__ import annotations

import pytest

from bot.webchat.origins import normalize_origin
from bot.webchat.settings import WebchatSettings
from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa
from tests.webchat.conftest import ORIGIN, ClientFactory, post_message

T = default_catalog().text


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("HTTPS://WWW.Kreis-Heinsberg.de:443/", "https://www.kreis-heinsberg.de"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("http://127.0.0.1:80", "http://127.0.0.1"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("null", ""),
        ("*", ""),
        ("file:///etc/passwd", ""),
        ("https://example.org/path", ""),
        ("https://user@example.org", ""),
        ("https://example.org:99999", ""),
    ],
)
def test_origins_are_compared_in_normal_form(raw: str, normalized: str) -> None:
    assert normalize_origin(raw) == normalized


def test_allowed_origin_gets_the_answer_with_cors_headers(make_client: ClientFactory) -> None:
    r = post_message(make_client(), origin=ORIGIN)
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == ORIGIN
    assert r.headers["vary"] == "Origin"
    assert "Retry-After" in r.headers["access-control-expose-headers"]


@pytest.mark.parametrize(
    "origin",
    ["https://evil.example", "http://localhost:8081", "null", "http://localhost.evil:8080"],
)
def test_foreign_origin_is_refused_before_rasa_is_asked(
    make_client: ClientFactory, fake_rasa: FakeRasa, origin: str
) -> None:
    client = make_client()
    r = client.post(
        "/api/messages",
        json={"session": "0123456789abcdef0123", "message": "hi"},
        headers={"Origin": origin, "Accept-Language": "fr-FR,fr;q=0.9,de;q=0.5"},
    )
    assert r.status_code == 403
    assert r.json() == {"error": "forbidden", "message": T("fr", "webchat.error.forbidden")}
    assert "access-control-allow-origin" not in r.headers
    assert fake_rasa.requests == []
    for method, path in (("GET", "/api/texts/de"), ("DELETE", "/api/conversation")):
        assert client.request(method, path, headers={"Origin": origin}).status_code == 403


def test_preflight_of_an_allowed_origin_names_methods_and_headers(
    make_client: ClientFactory,
) -> None:
    r = make_client().options(
        "/api/messages",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "DELETE" in r.headers["access-control-allow-methods"]
    assert "Content-Type" in r.headers["access-control-allow-headers"]


def test_preflight_of_a_foreign_origin_is_refused(make_client: ClientFactory) -> None:
    r = make_client().options(
        "/api/messages",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert r.status_code == 403
    assert "access-control-allow-origin" not in r.headers


def test_get_without_origin_is_served_without_cors_headers(make_client: ClientFactory) -> None:
    """The widget on the host's own page (a same-origin GET has no Origin): no page may read it.

    A POST or DELETE without Origin is refused: tests/webchat/test_limits.py.
    """
    r = make_client().get("/api/texts/de")
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers
    assert "Origin" in r.headers["vary"]


def test_configured_origins_replace_the_defaults_but_keep_the_hosts_own(
    make_client: ClientFactory,
) -> None:
    client = make_client(port=9000, configured_origins=("https://www.kreis-heinsberg.de",))
    assert post_message(client, origin="https://www.kreis-heinsberg.de").status_code == 200
    assert post_message(client, origin="http://localhost:9000").status_code == 200
    assert post_message(client, origin="http://localhost:8080").status_code == 403


def test_default_origins_are_the_demo_pages() -> None:
    settings = WebchatSettings.from_env({})
    assert settings.allowed_origins == {"http://localhost:8080", "http://127.0.0.1:8080"}
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)


def test_origins_from_the_environment() -> None:
    settings = WebchatSettings.from_env(
        {
            "WEBCHAT_ALLOWED_ORIGINS": "https://www.kreis-heinsberg.de, https://ki.example.org/",
            "WEBCHAT_PORT": "8090",
        }
    )
    assert settings.allowed_origins == {
        "https://www.kreis-heinsberg.de",
        "https://ki.example.org",
        "http://localhost:8090",
        "http://127.0.0.1:8090",
    }


@pytest.mark.parametrize("value", ["*", "www.kreis-heinsberg.de", "https://x.example/chat"])
def test_a_wildcard_or_malformed_origin_stops_the_host(value: str) -> None:
    with pytest.raises(SystemExit, match="WEBCHAT_ALLOWED_ORIGINS"):
        WebchatSettings.from_env({"WEBCHAT_ALLOWED_ORIGINS": value})
