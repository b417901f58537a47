"""Hypothesis strategies for what an attacker or an unlucky user sends (issue 9, fuzz tests).

Shared by the fuzz tests of the web chat host, the Telegram bridge and Rasa's REST channel:
empty and whitespace, 100 KB, control and bidi-override characters, emoji only, HTML and
script, SQL- and template-looking text, mixed scripts, typed intent payloads, and (for raw
bodies) deeply nested JSON and invalid UTF-8.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

HUNDRED_KB = "A" * 100_000
EMOJI = ["😀", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇩🇪", "🧕🏽", "❤️", "🙏", "🤷‍♀️", "📍", "\u200d"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
NAMED: dict[str, str] = {
    "empty": "",
    "spaces": " \n\t\u3000 ",
    "zero_width": "\u200b\u200c\u200d\ufeff",
    "bidi_override": "\u202eKita in Wegberg\u202c \u2067مرحبا\u2069",
    "bidi_filename": "invoice\u202egpj.exe",
    "nul_and_escape": "Kita\x00\x1b[31m\x07\x08 rot",
    "script": "<script>alert(1)</script>",
    "html": '<b>fett</b> & <i>kursiv</i> <a href="javascript:alert(1)">x</a> &lt;&amp;',
    "img_onerror": "<img src=x onerror=alert(document.cookie)>",
    "telegram_html": "<pre><code>x</code></pre><tg-spoiler>s</tg-spoiler>",
    "sql": "'; DROP TABLE offers; -- ",
    "sql_or": "Kita' OR '1'='1",
    "format": "%s%s%n{0}{}{{7*7}}${jndi:ldap://x/a}",
    "path": "../../etc/passwd\\..\\windows",
    "emoji_only": "😀😀😀👨‍👩‍👧‍👦🏳️‍🌈",
    "mixed_scripts": "Kita في Heinsberg Детский сад 幼儿园 Kreş 🧒 کودکستان",
    "combining": "e\u0301" * 300,
    "tatweel": "ـ" * 2000,
    "noncharacters": "\uffff\ufffe\U0010ffff\U0001f9ff",
    "intent": '/ask_kita{"child_age": "1e400"}',
    "restart": "/restart",
    "session_start": "/session_start",
    "intent_confidence": "/greet@0.99",
    "huge_number": "Meine Tochter ist 1e400 Jahre alt",
    "negative_age": "Kind ist -5 Jahre",
    "long_word": "x" * 5000,
    "many_lines": "\n".join(["Zeile"] * 500),
    "hundred_kb": HUNDRED_KB,
}


def hostile_text(max_size: int = 400) -> st.SearchStrategy[str]:
    """A message text: a named nasty one, random Unicode, controls, emoji, or a mix."""
    short = st.sampled_from([v for v in NAMED.values() if len(v) < 200])
    return st.one_of(
        st.sampled_from(list(NAMED.values())),
        st.text(max_size=max_size),
        st.text(
            alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Mn", "Co"]),
            max_size=60,
        ),
        st.lists(st.sampled_from(EMOJI + BIDI), min_size=1, max_size=30).map("".join),
        st.lists(st.one_of(short, st.text(max_size=30)), min_size=1, max_size=6).map(" ".join),
    )


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON value, a few levels deep."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=40),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=12,
    )


def nested_json() -> st.SearchStrategy[bytes]:
    """Arrays or objects nested up to 20 000 deep (Python's parser recurses per level)."""
    return st.one_of(
        st.integers(1, 20_000).map(lambda n: b"[" * n + b"]" * n),
        st.integers(1, 14_000).map(lambda n: b"[" * n),
        st.integers(1, 3_000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
    )


def invalid_utf8() -> st.SearchStrategy[bytes]:
    """Bytes that are not UTF-8, alone or inside an otherwise valid body."""
    broken = st.sampled_from(
        [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80"]
    )
    return st.one_of(
        st.binary(max_size=300),
        broken.map(lambda b: b'{"session": "0123456789abcdef", "message": "' + b + b'"}'),
    )


def lone_surrogates() -> st.SearchStrategy[bytes]:
    """JSON that decodes to a string with a lone surrogate (not encodable as UTF-8)."""
    return st.sampled_from(["\\ud800", "\\udfff", "a\\ud83d", "\\udc00\\ud800"]).map(
        lambda s: ('{"session": "0123456789abcdef01", "message": "' + s + '"}').encode()
    )


def body_with(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")
