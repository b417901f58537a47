"""Through real Rasa and the action server: feedback on an offer answer is stored (with the
user's consent for the text), and volunteer mode answers complete in Arabic and German."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from contract.messages import PayloadType, payload_type
from locales.catalog import default_catalog
from staff_desk.models import Feedback, UnansweredQuestion
from tests.e2e.conftest import Assistant, buttons, customs, new_sender

pytestmark = pytest.mark.rasa
T = default_catalog().text


def tap(assistant: Assistant, sender: str, messages: list[dict[str, Any]], title: str) -> Any:
    """Sends the payload of the button titled `title` (as a channel does on a tap)."""
    [button] = [b for b in buttons(messages) if b["title"] == title]
    return assistant.say(sender, button["payload"])


def stored(url: str, sender: str) -> tuple[list[Feedback], list[UnansweredQuestion]]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            feedback = list(session.scalars(select(Feedback).where(Feedback.sender == sender)))
            questions = list(session.scalars(select(UnansweredQuestion)))
            return feedback, questions
    finally:
        engine.dispose()


def test_thumbs_down_with_reason_consent_and_note_is_stored(assistant: Assistant) -> None:
    sender = new_sender()
    question = "Kita in Wegberg, meine Tochter ist 3, schreib mir an eva@example.org"
    answer = assistant.say(sender, question)
    assert any(payload_type(c) is PayloadType.OFFER_LIST for c in customs(answer))
    assert [m["text"] for m in answer if m.get("text")][-1] == T("de", "feedback.ask")

    reasons = tap(assistant, sender, answer, T("de", "feedback.button_down"))
    assert reasons[0]["text"] == T("de", "feedback.ask_reason")
    consent = tap(assistant, sender, reasons, T("de", "feedback.reason.outdated"))
    assert consent[0]["text"] == T("de", "feedback.ask_consent")
    note_asked = tap(assistant, sender, consent, T("de", "feedback.button_keep_text"))
    assert note_asked[0]["text"] == T("de", "feedback.ask_note")
    thanked = assistant.say(sender, "Die Kita an der Hauptstraße gibt es nicht mehr")
    assert thanked[0]["text"] == T("de", "feedback.thanks_down")

    [feedback], questions = stored(assistant.database_url, sender)
    assert (feedback.score, feedback.reason, feedback.intent) == (-1, "outdated", "ask_kita")
    assert (feedback.language, feedback.municipality) == ("de", "Wegberg")
    assert feedback.text == "Die Kita an der Hauptstraße gibt es nicht mehr"
    mine = [q for q in questions if q.text and "meine Tochter ist 3" in q.text]
    assert len(mine) == 1 and "eva@example.org" not in (mine[0].text or "")
    # The bot answers normally again afterwards.
    assert assistant.slots(sender)["awaiting"] is None


def test_thumbs_up_is_stored(assistant: Assistant) -> None:
    sender = new_sender()
    answer = assistant.say(sender, "Deutschkurs A1 in Erkelenz")
    tapped = tap(assistant, sender, answer, T("de", "feedback.button_up"))
    assert tapped[0]["text"] == T("de", "feedback.thanks")
    [feedback], _ = stored(assistant.database_url, sender)
    assert (feedback.score, feedback.intent, feedback.municipality) == (
        1,
        "ask_language_course",
        "Erkelenz",
    )


def blocks(text: str) -> tuple[str, str]:
    """(Arabic block, German block) of a volunteer-mode message."""
    head, _, rest = text.partition("— العربية —\n")
    assert head == "", text
    arabic, _, german = rest.partition("\n— Deutsch —\n")
    assert german, text
    return arabic, german


def test_volunteer_mode_answers_complete_in_both_languages(assistant: Assistant) -> None:
    sender = new_sender()
    assistant.say(sender, "مرحبا")
    switched = assistant.say(sender, "/volunteer_mode")
    arabic, german = blocks(switched[0]["text"])
    names = {"own": "العربية", "partner": "Deutsch"}
    assert arabic == T("ar", "volunteer.switched_on", **names)
    assert german == T("de", "volunteer.switched_on", **names)
    assert assistant.slots(sender)["volunteer_language"] == "de"

    answer = assistant.say(sender, "أحتاج روضة لابنتي عمرها ٣ سنوات في Wegberg")
    texts = [m["text"] for m in answer if m.get("text")]
    # Every message: the whole Arabic text, then the whole German text (the procedure, the
    # offers, "did this help?"; REST splits a long one without buttons at its blank lines).
    whole = "\n\n".join(texts)
    assert whole.startswith("— العربية —\n")
    assert whole.count("— العربية —") == whole.count("— Deutsch —") >= 3
    # One answer, once (this message is unsure between Kita and a detail: actions/fallback.py).
    [offers] = [c for c in customs(answer) if payload_type(c) is PayloadType.OFFER_LIST]
    listing = next(t for t in texts if offers["offers"][0]["title"] in t)
    arabic, german = blocks(listing)
    # Every offer in both blocks: numbered 1-5 in each, titles in the block's language.
    numbered = re.compile(r"^\d\. ", re.M)
    assert len(numbered.findall(arabic)) == len(numbered.findall(german)) == len(offers["offers"])
    assert all(card["title"] in arabic for card in offers["offers"])
    assert T("de", "topic.kita") in german
    assert blocks(texts[-1]) == (T("ar", "feedback.ask"), T("de", "feedback.ask"))
    # The buttons stay in the user's language.
    assert T("ar", "feedback.button_up") in [b["title"] for b in buttons(answer)]

    off = assistant.say(sender, "/volunteer_mode")
    assert off[0]["text"] == T("ar", "volunteer.switched_off")
    again = assistant.say(sender, "أحتاج روضة لابنتي عمرها ٣ سنوات في Wegberg")
    assert not any("— Deutsch —" in (m.get("text") or "") for m in again)
