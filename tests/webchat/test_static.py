"""The widget files and the demo page: small, compressed, safe by construction."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path

from tests.webchat.conftest import ClientFactory

STATIC = Path(__file__).resolve().parents[2] / "bot" / "webchat" / "static"
BUDGET_BYTES = 50 * 1024  # the issue: script and styles under 50 KB gzipped


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def test_widget_script_and_styles_stay_under_50_kb_gzipped() -> None:
    total = gzipped_size(STATIC / "widget.js") + gzipped_size(STATIC / "widget.css")
    assert total < BUDGET_BYTES, f"widget is {total} bytes gzipped"


def test_widget_is_served_compressed(make_client: ClientFactory) -> None:
    r = make_client().get("/widget.js", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert "javascript" in r.headers["content-type"]
    assert r.headers["cache-control"] == "public, max-age=300"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_widget_never_parses_data_as_html() -> None:
    """Every text goes in with textContent; no API that parses HTML or runs strings as code."""
    source = (STATIC / "widget.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)  # comments may name them
    for unsafe in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "DOMParser",
        "createContextualFragment",
    ):
        assert unsafe not in code, unsafe
    assert "textContent" in code


def test_links_are_only_made_for_web_urls() -> None:
    source = (STATIC / "widget.js").read_text(encoding="utf-8")
    assert 'u.protocol === "https:" || u.protocol === "http:"' in source
    assert 'rel: "noopener noreferrer"' in source


class ScriptTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.html_lang: str | None = None
        self.inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.html_lang = dict(attrs).get("lang")
        if tag == "script":
            self.scripts.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script" and data.strip():
            self.inline_script = True


def test_demo_page_embeds_the_widget_with_one_script_tag(make_client: ClientFactory) -> None:
    r = make_client().get("/")
    assert r.status_code == 200
    page = ScriptTags()
    page.feed(r.text)
    assert page.html_lang == "de"
    [script] = page.scripts
    assert script["src"] == "/widget.js"
    assert script["data-lang"] == "de"
    assert script["data-title"] and script["data-color"]
    assert "async" in script
    assert not page.inline_script
    assert "Kreis Heinsberg" in r.text and "Demo" in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_health_says_the_host_is_up(make_client: ClientFactory) -> None:
    assert make_client().get("/healthz").json() == {"status": "ok"}
