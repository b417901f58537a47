"""The host's small parts on their own: rate limit, retry cache, text cleaning, answer shaping."""

from __future__ import annotations

from bot.rate_limit import RateLimiter
from bot.webchat.recent import RecentAnswers
from bot.webchat.replies import for_widget, language_in_answer, offer_card
from bot.webchat.validation import clean_text, primary_language


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limit_is_a_sliding_window_per_key() -> None:
    clock = Clock()
    limiter = RateLimiter(2, 60.0, clock=clock)
    assert limiter.hit("a") == 0 and limiter.hit("a") == 0
    assert limiter.hit("a") == 60.0
    assert limiter.hit("b") == 0
    clock.now += 30
    assert limiter.hit("a") == 30.0
    clock.now += 30
    assert limiter.hit("a") == 0
    assert RateLimiter.retry_after_header(0.2) == "1"
    assert RateLimiter.retry_after_header(30.1) == "31"


def test_rate_limit_memory_stays_bounded() -> None:
    clock = Clock()
    limiter = RateLimiter(5, 60.0, clock=clock, max_keys=100)
    for i in range(1000):
        clock.now += 0.001
        limiter.hit(f"session-{i}")
    assert len(limiter._hits) <= 100


def test_recent_answers_expire_and_are_per_sender() -> None:
    clock = Clock()
    recent = RecentAnswers(ttl_s=10, max_entries=2, clock=clock)
    recent.put("web-a", "1", {"n": 1})
    assert recent.get("web-a", "1") == {"n": 1}
    assert recent.get("web-b", "1") is None
    assert recent.get("web-a", None) is None
    clock.now += 11
    assert recent.get("web-a", "1") is None
    recent.put("web-a", "2", {"n": 2})
    recent.put("web-a", "3", {"n": 3})
    recent.put("web-b", "4", {"n": 4})
    assert recent.get("web-a", "2") is None  # the oldest went
    recent.forget("web-a")
    assert recent.get("web-a", "3") is None and recent.get("web-b", "4") == {"n": 4}


def test_clean_text_drops_control_characters_but_keeps_lines() -> None:
    assert clean_text("  a\x00b\u200bc\nd\te\x1b[31m  ") == "ab\u200bc\nd\te[31m"
    assert clean_text("مرحبا\u202e") == "مرحبا\u202e"  # bidi marks are text, shown as text


def test_primary_language() -> None:
    assert primary_language("de-DE") == "de"
    assert primary_language("FA_ir") == "fa"
    assert primary_language("") is None
    assert primary_language("<script>") is None
    assert primary_language(7) is None


def test_offer_cards_need_a_title_and_keep_only_web_map_links() -> None:
    assert offer_card({"site": "no title"}) is None
    card = offer_card({"title": "A", "map_url": "data:text/html,<script>", "distance_km": "3"})
    assert card == {"title": "A", "map_url": None, "distance_km": None}


def test_language_in_answer_takes_the_last_custom_payload() -> None:
    messages = for_widget(
        [
            {"custom": {"type": "request_location", "language": "de"}},
            {"custom": {"type": "request_location", "language": "ar"}},
        ],
        sign=str,
    )
    assert language_in_answer(messages) == "ar"
    assert language_in_answer([{"text": "x"}]) is None
