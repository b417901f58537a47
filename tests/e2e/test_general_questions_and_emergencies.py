"""General questions answered from the knowledge base, and emergencies in every language,
through the real Rasa server, action server and seeded database. Expected texts come from the
catalogs, so the tests check the reply language too."""

from __future__ import annotations

import pytest

from locales.catalog import default_catalog
from tests.e2e.conftest import Assistant, buttons, new_sender, texts

pytestmark = pytest.mark.rasa
T = default_catalog().text

GENERAL_QUESTIONS = [
    (
        "en",
        "Is school compulsory for my 7-year-old although we have no residence permit yet?",
        "school_compulsory",
        "school",
    ),
    (
        "en",
        "How many hours is the integration course, and do I have to pay?",
        "integration_course",
        "language_course",
    ),
    ("en", "Can I choose the school or does the town assign it?", "school_assignment", "school"),
    (
        "ar",
        "هل المدرسة إجبارية لابني عمره ٧ سنين مع إنه ما عنا إقامة لسا؟",
        "school_compulsory",
        "school",
    ),
    (
        "tr",
        "Entegrasyon kursu kaç saat sürüyor, parasını ben mi ödüyorum?",
        "integration_course",
        "language_course",
    ),
    (
        "de",
        "Können wir die Schule selbst aussuchen oder teilt die Stadt sie zu?",
        "school_assignment",
        "school",
    ),
]

# One message per language and several kinds of emergency; the help line that must come with
# the advice right after 112/110 (None: the kind has no special line, all lines follow).
EMERGENCIES = [
    ("tr", "biri bana bıçakla saldırdı", None),
    ("tr", "kocam beni her gün dövüyor, bugün de vurdu", "116 016"),
    ("de", "Mein Mann schlägt mich und die Kinder, ich habe Angst", "116 016"),
    ("en", "I don't want to live anymore, I have the pills here", "0800 111 0 111"),
    ("ar", "زوجي عم يضربني وعم يهددني بالسكين", None),
    ("fa", "خونه همسایه آتیش گرفته و دود همه جا رو گرفته", None),
    ("uk", "моя дочка зникла, її немає вже три години", None),
    ("ru", "моему отцу плохо, он без сознания и не дышит", "116 117"),
    ("fr", "il y a eu un accident de voiture, deux personnes sont blessées", None),
]


@pytest.mark.parametrize(("language", "text", "entry", "topic"), GENERAL_QUESTIONS)
def test_general_question_is_answered_first_then_the_search_is_offered(
    assistant: Assistant, language: str, text: str, entry: str, topic: str
) -> None:
    sender = new_sender()
    reply = assistant.say(sender, text)
    assert reply[0]["text"].startswith(T(language, f"knowledge.{entry}"))
    assert T(language, "knowledge.offer_search") in texts(reply)
    town_question = T(language, "ask.municipality", topic=T(language, f"topic.{topic}"))
    assert town_question not in texts(reply)
    search = f'/inform{{"topic":"{topic}"}}'
    assert search in [b["payload"] for b in buttons(reply)]
    # The offered search continues in the same language, asking for the town only now.
    reply = assistant.say(sender, search)
    assert town_question in texts(reply)


@pytest.mark.parametrize(("language", "text", "line"), EMERGENCIES)
def test_emergency_in_every_language_gets_112_first_then_the_fitting_line(
    assistant: Assistant, language: str, text: str, line: str | None
) -> None:
    reply = assistant.say(new_sender(), text)
    assert reply[0]["text"] == T(language, "emergency.call_now")
    assert "112" in reply[0]["text"]
    if line is not None:
        assert line in reply[1]["text"]
    assert "116 016" in texts(reply)  # every help line is still there


def test_turkish_knife_attack_is_parsed_as_an_emergency(assistant: Assistant) -> None:
    result = assistant.parse("biri bana bıçakla saldırdı")
    assert result["intent"]["name"] == "emergency"
    assert result["emergency"] == {"category": "weapon"}
