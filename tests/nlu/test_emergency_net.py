"""The emergency safety net: every kind of emergency in every language forces the emergency
intent, whatever the classifier guessed; harmless look-alikes do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components.deterministic_intents import EMERGENCY_KEY, EmergencySafetyNet
from nlu.emergency_net import CATEGORIES, LEXICON_DIR, emergency_category, load
from nlu.lexicon import language_codes
from nlu.phrase_lexicon import Phrase, cue_matches, tokens, within_one_edit

# (language, message, category): written for this test, not taken from any data set.
EMERGENCIES = [
    ("tr", "biri bana bıçakla saldırdı", "weapon"),
    ("tr", "Biri bana BIÇAKLA saldirdi!!", "weapon"),
    ("tr", "kızım parkta kayboldu", "missing_child"),
    ("de", "mein mann schlägt mich gerade", "violence"),
    ("de", "ich will mich umbringen", "suicide"),
    ("de", "unsere küche brennt", "fire"),
    ("de", "selbstmort gedanken", "suicide"),  # typo in a long word
    ("en", "he stabbed my brother", "weapon"),
    ("en", "my baby is not breathing", "medical"),
    ("en", "car crash near the school, people injured", "accident"),
    ("ar", "زوجي يضربني كل يوم", "violence"),
    ("ar", "في حريق بالبناية", "fire"),
    ("ar", "bade mot, ma fi amal", "suicide"),  # Arabizi
    ("ar", "ibni da3 bil souk", "missing_child"),
    ("fa", "شوهرم منو میزنه", "violence"),
    ("fa", "pesaram gom shode, bachamo peyda nemikonam", "missing_child"),
    ("uk", "чоловік б'є мене", "violence"),
    ("uk", "чоловік бʼє мене", "violence"),
    ("uk", "у нас пожежа", "fire"),
    ("ru", "на меня напали с ножом", "weapon"),
    ("ru", "ne hochu zhit bolshe", "suicide"),  # translit
    ("ru", "muzh menya izbivaet", "violence"),
    ("fr", "mon mari me frappe", "violence"),
    ("fr", "mon fils a disparu", "missing_child"),
    ("fr", "ma mère est inconsciente", "medical"),
]

HARMLESS = [
    "Ich vermisse meine Familie",  # vermisse ~ vermisst
    "mein Kind schläft mittags in der Kita",  # schläft ~ schlägt
    "hangi gün açıksınız",  # gün folds to "gun"
    "чи є щось ближче ніж Heinsberg",  # ніж = "than"
    "entegrasyon kursuna nasıl kayıt olunur",  # kursuna ~ kurşun
    "муж забирает все деньги",  # забирает ~ запирает
    "احذف المحادثة كلها",  # المحادثة contains حادث
    "خانمم نمیخواد اطلاعاتش اینجا باشه",  # اطلاعاتش contains اتش
    "ich möchte bei der freiwilligen feuerwehr mitmachen",
    "Is there a crash course in German in Erkelenz?",
    "How long does the Kita take to answer?",
]


@pytest.mark.parametrize(("language", "text", "category"), EMERGENCIES)
def test_emergency_phrase_is_found_with_its_category(
    language: str, text: str, category: str
) -> None:
    assert emergency_category(text) == category


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_look_alike_is_no_emergency(text: str) -> None:
    assert emergency_category(text) is None


def test_every_language_has_a_lexicon_with_every_category() -> None:
    lexicon_files = {p.stem for p in Path(LEXICON_DIR).glob("*.yml")}
    assert set(language_codes()) <= lexicon_files
    phrases = load().phrases
    assert all(phrases[c] for c in CATEGORIES)


def test_phrase_syntax_stems_infixes_gaps_and_latin_typos() -> None:
    assert Phrase.parse("bıçak*").find(tokens("bıçakla geldi"))
    assert Phrase.parse("*سکین*").find(tokens("هددني بالسكين"))
    assert Phrase.parse("kind * weg").find(tokens("mein kind ist seit heute weg"))
    assert not Phrase.parse("kind weg").find(tokens("kind ist seit gestern früh schon weg"))
    assert within_one_edit("selbstmord", "selbstmort")
    assert not Phrase.parse("отравился").find(tokens("отравилсы"))  # no typos in Cyrillic
    assert cue_matches(tokens("is school compulsory?"), "compulsory | mandatory & school*")
    assert not cue_matches(tokens("is it compulsory?"), "compulsory | mandatory & school*")


def _message(text: str, intent: str, confidence: float) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}])
    return message


def test_safety_net_overrides_a_confident_wrong_intent() -> None:
    message = _message("biri bana bıçakla saldırdı", "ask_language_course", 0.91)
    EmergencySafetyNet({}).process([message])
    assert message.get(INTENT) == {"name": "emergency", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == "emergency"
    assert message.get(EMERGENCY_KEY) == {"category": "weapon"}


def test_safety_net_leaves_other_messages_alone() -> None:
    message = _message("Deutschkurs in Erkelenz", "ask_language_course", 0.91)
    EmergencySafetyNet({}).process([message])
    assert message.get(INTENT)["name"] == "ask_language_course"
    assert message.get(EMERGENCY_KEY) is None


def test_classifier_emergency_without_a_phrase_keeps_the_plain_answer() -> None:
    message = _message("was soll ich jetzt tun", "emergency", 0.8)
    EmergencySafetyNet({}).process([message])
    assert message.get(INTENT)["name"] == "emergency"
    assert message.get(EMERGENCY_KEY) == {"category": None}
