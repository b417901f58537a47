"""General questions: recognised per language, labelled with their topic's intent, never over
an emergency, and every entry has its texts and sources."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from locales.catalog import default_catalog
from nlu.components.deterministic_intents import GENERAL_QUESTION_KEY, GeneralQuestionDetector
from nlu.general_questions import LEXICON_DIR, TOPIC_INTENTS, general_question, load
from nlu.lexicon import language_codes

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [
    (
        "Is school compulsory for my 7-year-old although we have no residence permit yet?",
        "school_compulsory",
    ),
    ("How many hours is the integration course, and do I have to pay?", "integration_course"),
    ("Can I choose the school or does the town assign it?", "school_assignment"),
    ("Ist die Schule Pflicht für mein Kind, auch ohne Aufenthaltstitel?", None),
    ("Gilt die Schulpflicht auch für uns?", "school_compulsory"),
    ("Мне нужен Berechtigungsschein для курса, где его взять?", "berechtigungsschein"),
    ("entegrasyon kursu kaç saat ve para ödüyor muyum?", "integration_course"),
    ("هل المدرسة إجبارية لابني؟", "school_compulsory"),
    ("از چند سالگی بچه حق داره بره کیتا؟", "kita_right"),
    ("з якого віку дитина має право на садочок?", "kita_right"),
    ("c'est quoi une Ausbildung ?", "ausbildung"),
    ("Est-ce que le conseil est gratuit ?", "counselling_cost"),
]
SEARCHES = [
    "Kita in Wegberg, meine Tochter ist 3",
    "Where do I find the Kita-Portal for Hückelhoven?",
    "Deutschkurs A2 in Erkelenz",
    "my son is 9, which school can he go to in Heinsberg?",
]


@pytest.mark.parametrize(("text", "entry"), [q for q in QUESTIONS if q[1]])
def test_general_question_finds_its_entry(text: str, entry: str) -> None:
    found = general_question(text)
    assert found is not None and found.name == entry


@pytest.mark.parametrize("text", SEARCHES)
def test_a_search_request_is_no_general_question(text: str) -> None:
    assert general_question(text) is None


def test_every_language_has_cues_for_every_entry() -> None:
    names = {e.name for e in load()}
    for code in language_codes():
        doc = yaml.safe_load((Path(LEXICON_DIR) / f"{code}.yml").read_text(encoding="utf-8"))
        assert set(doc["entries"]) == names, code


def test_every_entry_has_texts_sources_and_a_review_date() -> None:
    knowledge = yaml.safe_load((ROOT / "actions/data/knowledge.yml").read_text(encoding="utf-8"))
    catalog = default_catalog()
    for entry in load():
        spec = knowledge["entries"][entry.name]
        assert spec["topic"] == entry.topic
        assert spec["sources"] and spec["last_reviewed"]
        for code in catalog.codes:
            assert f"knowledge.{entry.name}" in catalog.messages[code], (code, entry.name)


def _message(text: str, intent: str, confidence: float) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}])
    return message


def test_unsure_or_out_of_scope_general_question_gets_its_topic_intent() -> None:
    message = _message(QUESTIONS[1][0], "out_of_scope", 0.4)
    GeneralQuestionDetector({}).process([message])
    assert message.get(INTENT) == {"name": TOPIC_INTENTS["language_course"], "confidence": 1.0}
    assert message.get(GENERAL_QUESTION_KEY) == {
        "entry": "integration_course",
        "topic": "language_course",
    }


def test_a_confident_other_topic_wins_over_a_cue() -> None:
    message = _message("kitadan sonra okula nasıl kayıt oluyor", "ask_school", 0.8)
    GeneralQuestionDetector({}).process([message])
    assert message.get(INTENT)["name"] == "ask_school"
    assert message.get(GENERAL_QUESTION_KEY) is None


def test_an_emergency_is_never_turned_into_a_question() -> None:
    message = _message("is school compulsory? my husband is hitting me", "emergency", 1.0)
    GeneralQuestionDetector({}).process([message])
    assert message.get(INTENT)["name"] == "emergency"
    assert message.get(GENERAL_QUESTION_KEY) is None


def test_the_compiled_cues_find_exactly_what_trying_each_cue_finds() -> None:
    """general_question matches every alternative once through an index; the entry must be
    the one that trying each entry's cues in order with cue_matches gives."""
    from pathlib import Path

    import yaml

    from nlu.annotations import plain_text
    from nlu.general_questions import general_question, load
    from nlu.phrase_lexicon import cue_matches, tokens

    def entry_by_each_cue(text: str) -> str | None:
        toks = tokens(text)
        for entry in load():
            if toks and any(cue_matches(toks, cue) for cue in entry.cues):
                return entry.name
        return None

    texts = []
    for path in sorted((Path(__file__).parents[2] / "bench" / "language_dev_blind").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in doc.get("nlu") or []:
            texts += [
                plain_text(x.strip()[2:]) for x in str(block["examples"]).splitlines() if x.strip()
            ]
    assert len(texts) > 500
    found = {t: general_question(t) for t in texts}
    assert sum(e is not None for e in found.values()) >= 10  # the set has general questions
    assert [t for t, e in found.items() if (e.name if e else None) != entry_by_each_cue(t)] == []
