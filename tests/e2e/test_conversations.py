"""Whole conversations through Rasa's REST channel, with the real Rasa server, action server and
seeded database. Expected texts come from the catalogs, so the tests check the language too."""

from __future__ import annotations

import json
import re

import pytest

from bot.conversation import ConversationCore, Turn
from bot.rasa_client import RasaClient
from conversation_store.settings import ConversationStoreSettings
from conversation_store.store import ConversationStore
from locales.catalog import default_catalog
from tests.e2e.conftest import Assistant, buttons, customs, new_sender, texts
from tests.tracker_rows import TrackerRows

pytestmark = pytest.mark.rasa
T = default_catalog().text


def first_line(key: str, language: str, **params: str) -> str:
    """The start of a catalog message up to its first placeholder (stable across fillings)."""
    return re.split(r"\{", default_catalog().messages[language][key])[0].strip()


def payload_of(messages: list[dict], contains: str) -> str:
    for b in buttons(messages):
        if contains in b["payload"]:
            return b["payload"]
    raise AssertionError(f"no button with {contains!r} in {buttons(messages)}")


def test_parse_result_carries_detected_language(assistant: Assistant) -> None:
    result = assistant.parse("أين يمكنني أن أتعلم اللغة الألمانية في هاينسبرغ؟")
    assert result["language"]["code"] == "ar"
    assert result["language"]["confidence"] > 0.5
    assert result["intent"]["name"] == "ask_language_course"
    assert {"entity": "municipality", "value": "Heinsberg"}.items() <= next(
        e for e in result["entities"] if e["entity"] == "municipality"
    ).items()


def test_greeting_offers_topics_and_language_choice_in_users_language(assistant: Assistant) -> None:
    reply = assistant.say(new_sender(), "Hallo!")
    assert T("de", "greet.hello") in texts(reply)
    titles = {b["title"] for b in buttons(reply)}
    assert {"العربية", "Українська", "Deutsch"} <= titles
    assert T("de", "topic.kita") in titles


def test_channel_language_hint_is_used_when_text_says_nothing(assistant: Assistant) -> None:
    reply = assistant.say(new_sender(), "/greet", language_hint="uk")
    assert T("uk", "greet.hello") in texts(reply)


def test_kita_question_with_all_details_is_answered_at_once_in_german(assistant: Assistant) -> None:
    reply = assistant.say(
        new_sender(), "Ich suche einen Kita-Platz in Wegberg für meine Tochter, sie ist 3 Jahre alt"
    )
    text = texts(reply)
    assert T("de", "procedure.heading_kita", municipality="Wegberg") in text
    assert first_line("results.intro", "de") == "" or "Wegberg" in text
    cards = customs(reply)[0]["offers"]
    assert cards and all(c["category"] == "kita" for c in cards)
    assert len(cards) <= 5


def test_kita_flow_in_arabic_asks_town_then_age_and_answers_right_to_left_language(
    assistant: Assistant,
) -> None:
    sender = new_sender()
    reply = assistant.say(sender, "ابحث عن روضة لابني")
    assert T("ar", "ask.municipality", topic=T("ar", "topic.kita")) in texts(reply)
    reply = assistant.say(sender, payload_of(reply, "Heinsberg"))
    assert T("ar", "ask.child_age") in texts(reply)
    reply = assistant.say(sender, "عمره ٤ سنوات")
    assert T("ar", "procedure.heading_kita", municipality="Heinsberg") in texts(reply)
    cards = customs(reply)[0]["offers"]
    assert cards
    details = assistant.say(sender, payload_of(reply, "offer_ref"))
    assert first_line("details.register_heading", "ar") in texts(details)
    assert first_line("details.verified", "ar") in texts(details)
    assert customs(details)[0]["offer"]["lat"]


def test_language_course_flow_in_english_with_level_paging_and_other_town(
    assistant: Assistant,
) -> None:
    sender = new_sender()
    reply = assistant.say(sender, "where can i learn german in erkelenz")
    assert T("en", "ask.course_level") in texts(reply)
    reply = assistant.say(sender, payload_of(reply, '"course_level":"any"'))
    assert "Erkelenz" in texts(reply)
    cards = customs(reply)[0]["offers"]
    assert all(c["category"] == "language_course" for c in cards)
    if any("page" in b["payload"] and "next" in b["payload"] for b in buttons(reply)):
        more = assistant.say(sender, payload_of(reply, '"page":"next"'))
        more_ids = {c["id"] for c in customs(more)[0]["offers"]}
        assert more_ids.isdisjoint({c["id"] for c in cards})
    other = assistant.say(sender, payload_of(reply, "change_municipality"))
    assert T("en", "ask.municipality", topic=T("en", "topic.language_course")) in texts(other)
    reply = assistant.say(sender, "Hückelhoven")
    assert "Hückelhoven" in texts(reply)


def test_no_to_the_level_question_lists_the_courses_once(assistant: Assistant) -> None:
    """Reported: "nein" to the level question repeated the search until Rasa's circuit breaker
    stopped the turn (the search ran as a follow-up action, after which no rule applied)."""
    sender = new_sender()
    reply = assistant.say(sender, "Deutschkurs mit Kinderbetreuung während des Kurses")
    reply = assistant.say(sender, "Geilenkirchen")
    assert T("de", "ask.course_level") in texts(reply)
    reply = assistant.say(sender, "nein")
    lists = [c for c in customs(reply) if c.get("type") == "offer_list"]
    assert len(lists) == 1, reply
    assert all(c["category"] == "language_course" for c in lists[0]["offers"])
    assert T("de", "ask.course_level") not in texts(reply)
    assert "help.intro" not in texts(reply) and T("de", "help.intro") not in texts(reply)


# Every topic in German, Arabic (right-to-left) and English, and once more in the other languages.
TOPIC_QUESTIONS = [
    ("de", "Wo kann ich in Wassenberg Deutsch lernen? Niveau A2", "language_course"),
    ("de", "Mein Sohn ist 8 und braucht einen Schulplatz in Erkelenz", "school"),
    ("de", "Kitaplatz in Heinsberg für meine Tochter, 2 Jahre", "kita"),
    ("de", "Meine Tochter sucht eine Ausbildung in Hückelhoven", "school_to_work"),
    ("de", "Wo gibt es Migrationsberatung in Geilenkirchen?", "counseling"),
    ("de", "Gibt es ein Begegnungscafé in Übach-Palenberg?", "volunteering"),
    ("ar", "وين في كورس ألماني في هاينسبرغ؟ مستوى B1", "language_course"),
    ("ar", "ابني عمره ١٠ سنوات بدي مدرسة في هاينسبرغ", "school"),
    ("ar", "أحتاج روضة لابنتي عمرها ٣ سنوات في Wegberg", "kita"),
    ("ar", "ابني خلص المدرسة وبدو تدريب مهني في Wassenberg", "school_to_work"),
    ("ar", "بدي استشارة بخصوص الأوراق في Hückelhoven", "counseling"),
    ("ar", "وين فيني التقي بناس وأتعرف على أصدقاء في Gangelt؟", "volunteering"),
    ("en", "Where can I learn German in Wegberg? I am A1", "language_course"),
    ("en", "my daughter is 7, we need a school in Übach-Palenberg", "school"),
    ("en", "kindergarten place in Erkelenz for my 4 year old", "kita"),
    (
        "en",
        "my son finished school and is looking for an apprenticeship in Heinsberg",
        "school_to_work",
    ),
    ("en", "I need advice about my debts, I live in Wassenberg", "counseling"),
    ("en", "is there a volunteer meeting place in Hückelhoven?", "volunteering"),
    ("uk", "Потрібна школа для сина, йому 9 років, ми живемо в Гайнсберзі", "school"),
    (
        "tr",
        "Oğlum okulu bitirdi, Erkelenz'de meslek eğitimi için nereye başvurabilir?",
        "school_to_work",
    ),
    ("fa", "در هوکلهوفن مشاوره برای خانواده ها کجاست؟", "counseling"),
    ("fr", "Où est-ce que je peux rencontrer des gens à Geilenkirchen ?", "volunteering"),
    ("ru", "Где найти детский сад в Вегберге для ребёнка 2 лет?", "kita"),
]


@pytest.mark.parametrize(("language", "message", "topic"), TOPIC_QUESTIONS)
def test_each_topic_answers_from_the_database_in_the_users_language(
    assistant: Assistant, language: str, message: str, topic: str
) -> None:
    reply = assistant.say(new_sender(), message)
    offers = customs(reply)[0]["offers"] if customs(reply) else []
    assert offers, texts(reply)
    assert all(o["category"] == topic for o in offers)
    assert T(language, f"topic.{topic}") in texts(reply)


def test_no_match_in_town_gives_nearest_alternatives_said_as_such(assistant: Assistant) -> None:
    sender = new_sender()
    assistant.say(sender, "Deutschkurs in Selfkant")
    reply = assistant.say(sender, '/inform{"course_level":"C1"}')
    assert first_line("results.fallback", "de") in texts(reply)
    offers = customs(reply)[0]["offers"]
    assert offers and all(o["municipality"] != "Selfkant" for o in offers)


def test_explicit_language_choice_wins_over_detection(assistant: Assistant) -> None:
    sender = new_sender()
    reply = assistant.say(sender, "can we speak arabic please")
    assert T("ar", "language.changed") in texts(reply)
    reply = assistant.say(sender, "I need a kindergarten in Wegberg")
    assert T("ar", "ask.child_age") in texts(reply)


def test_language_buttons_switch_language(assistant: Assistant) -> None:
    sender = new_sender()
    reply = assistant.say(sender, "change language")
    payload = payload_of(reply, '"language":"fa"')
    reply = assistant.say(sender, payload)
    assert T("fa", "language.changed") in texts(reply)
    assert assistant.slots(sender)["language"] == "fa"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Hilfe, mein Mann schlägt mich und die Kinder"),
        ("ar", "ساعدوني زوجي يضربني"),
        ("en", "my child is not breathing"),
    ],
)
def test_emergency_gives_112_and_110_first(
    assistant: Assistant, language: str, message: str
) -> None:
    reply = assistant.say(new_sender(), message)
    first = reply[0]["text"]
    assert "112" in first and "110" in first
    assert first == T(language, "emergency.call_now")
    assert "116 016" in texts(reply)


def test_asylum_question_points_to_counselling(assistant: Assistant) -> None:
    reply = assistant.say(new_sender(), "Wird mein Asylantrag angenommen?")
    assert T("de", "out_of_scope.text") in texts(reply)
    assert any('"topic":"counseling"' in b["payload"] for b in buttons(reply))


def test_two_failed_turns_offer_the_ki_contact(assistant: Assistant) -> None:
    sender = new_sender()
    assistant.say(sender, "Hallo")
    first = assistant.say(sender, "/nlu_fallback")
    assert T("de", "clarify.did_you_mean") in texts(first)
    second = assistant.say(sender, "/nlu_fallback")
    assert T("de", "clarify.give_up") in texts(second)
    assert "Valkenburger" in texts(second)


async def test_delete_my_data_asks_first_then_the_core_erases_every_row(
    assistant: Assistant,
) -> None:
    """Through the channel core, as both channels do: the store holds nothing of it afterwards."""
    sender = new_sender()
    store = ConversationStore(ConversationStoreSettings(assistant.tracker_db_url))
    core = ConversationCore(RasaClient(assistant.rasa_url, timeout_s=60), store, default_catalog())
    rows = TrackerRows(assistant.tracker_db_url)
    try:
        await core.ask(Turn(sender, "Kita in Wegberg, mein Sohn ist 4"))
        confirm = await core.ask(Turn(sender, "Bitte löschen Sie meine Daten"))
        assert T("de", "delete.confirm") in texts(confirm.messages)
        assert rows.count(sender) > 0
        done = await core.ask(Turn(sender, payload_of(confirm.messages, "/affirm")))
        assert done.deleted and texts(done.messages) == T("de", "delete.done")
        assert rows.count(sender) == 0
        # A new message starts a new, empty conversation.
        assistant.say(sender, "Hallo")
        slots = assistant.slots(sender)
        assert slots["municipality"] is None and slots["child_age"] is None
    finally:
        rows.dispose()
        await core.aclose()


def test_contact_of_the_ki_comes_from_the_database(assistant: Assistant) -> None:
    reply = assistant.say(new_sender(), "What is the phone number of the KI?")
    assert "Valkenburger" in texts(reply)


def test_buttons_are_valid_rasa_payloads(assistant: Assistant) -> None:
    reply = assistant.say(new_sender(), "Hallo")
    for b in buttons(reply):
        assert b["payload"].startswith("/")
        if "{" in b["payload"]:
            json.loads(b["payload"][b["payload"].index("{") :])


# The word the bot tells users to type to reach a person ("write „Mensch“") is the last quoted
# phrase of `bot.challenge` in each language; the assistant must understand it.
QUOTED = re.compile(r"[«„“\"]\s*([^«»„“”\"]+?)\s*[»“”\"]")


@pytest.mark.parametrize("language", ["de", "en", "ar", "fa", "uk", "ru", "tr", "fr"])
def test_the_word_the_bot_suggests_for_a_person_is_understood(
    assistant: Assistant, language: str
) -> None:
    challenge = default_catalog().messages[language]["bot.challenge"]
    keyword = QUOTED.findall(challenge)[-1]
    assert assistant.parse(keyword)["intent"]["name"] == "request_human", keyword


@pytest.mark.parametrize(
    ("pick", "position"),
    [("2", 1), ("Nr. 3", 2), ("der erste bitte", 0), ("den letzten", -1)],
)
def test_a_typed_pick_from_the_list_opens_that_offer(
    assistant: Assistant, pick: str, position: int
) -> None:
    """People type the number instead of tapping its button: "2", "Nr. 3", "der erste"."""
    sender = new_sender()
    reply = assistant.say(sender, "Deutschkurs in Heinsberg")
    reply = assistant.say(sender, payload_of(reply, '"course_level":"any"'))
    listed = [c["id"] for c in customs(reply)[0]["offers"]]
    assert len(listed) >= 3
    details = assistant.say(sender, pick)
    shown = [c["offer"]["id"] for c in customs(details) if c.get("type") == "offer_details"]
    assert shown == [listed[position]], texts(details)


@pytest.mark.parametrize(
    ("unsure", "language"), [("keine Ahnung", "de"), ("idk", "en"), ("не знаю", "ru")]
)
def test_i_dont_know_to_the_level_question_lists_every_level(
    assistant: Assistant, unsure: str, language: str
) -> None:
    """Before, "keine Ahnung" and "idk" were answered as emergencies, "не знаю" asked again."""
    sender = new_sender()
    first = {"de": "Deutschkurs in Heinsberg", "en": "german course in Heinsberg",
             "ru": "курсы немецкого в Хайнсберге"}[language]  # fmt: skip
    reply = assistant.say(sender, first)
    assert T(language, "ask.course_level") in texts(reply)
    reply = assistant.say(sender, unsure)
    lists = [c for c in customs(reply) if c.get("type") == "offer_list"]
    assert len(lists) == 1 and lists[0]["offers"], texts(reply)
    assert "112" not in texts(reply)
