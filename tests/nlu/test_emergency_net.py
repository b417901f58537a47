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


def _every_phrase_in_turn(text: str) -> str | None:
    """The safety net without the index: every not-phrase, then every phrase in order."""
    from nlu.emergency_net import _without
    from nlu.phrase_lexicon import phrase

    lexicon = load()
    toks = tokens(text)
    for raw in lexicon.not_phrases:
        toks = _without(toks, phrase(raw))
    if not toks:
        return None
    for category in CATEGORIES:
        for raw in lexicon.phrases[category]:
            if phrase(raw).find(toks):
                return category
    return None


def _with_typos(text: str, seed: int) -> list[str]:
    """`text` with one letter dropped, two swapped, one replaced (the typos the net forgives)."""
    import random

    rng = random.Random(seed)
    out = []
    for kind in range(3):
        if len(text) < 4:
            break
        i = rng.randrange(len(text) - 2)
        out.append(
            (text[:i] + text[i + 1 :], text[:i] + text[i + 1] + text[i] + text[i + 2 :])[kind]
            if kind < 2
            else text[:i] + "x" + text[i + 1 :]
        )
    return out


def test_the_index_finds_exactly_what_trying_every_phrase_finds() -> None:
    """The index (PhraseIndex) only skips phrases whose first word is in no token: on messages
    of every kind, with typos, the category is the same as trying all 5,000 phrases in turn."""
    import yaml

    from nlu.annotations import plain_text

    texts = [m for _, m, _ in EMERGENCIES]
    for folder in ("bench/emergency_dev_blind", "bench/language_dev_blind"):
        for path in sorted((Path(__file__).parents[2] / folder).glob("*.yml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for block in doc.get("nlu") or []:
                lines = str(block.get("examples", "")).splitlines()
                texts += [plain_text(x.strip()[2:]) for x in lines[::4] if x.strip()]
    texts += [t for n, x in enumerate(texts[:150]) for t in _with_typos(x, n)]
    assert len(texts) > 500
    mismatches = [t for t in texts if emergency_category(t) != _every_phrase_in_turn(t)]
    assert not mismatches


def test_the_index_keeps_each_kind_of_word_and_the_order_of_phrases() -> None:
    from nlu.phrase_lexicon import PhraseIndex, phrase

    raws = ["vergewaltigt", "brenn*", "*سكين*", "kind * weg", "hilfe", "notfall jetzt"]
    index = PhraseIndex(phrase(r) for r in raws)

    def found(text: str) -> list[str]:
        return [p.source for p in index.matching(tokens(text))]

    assert found("er hat sie vergewlatigt") == ["vergewaltigt"]  # two letters swapped
    assert found("er hat sie vergewaltig") == ["vergewaltigt"]  # one letter missing
    assert found("es brennt, hilfe") == ["brenn*", "hilfe"]  # insertion order, not text order
    assert found("هددني بالسكين") == ["*سكين*"]
    assert found("mein kind ist seit gestern weg") == ["kind * weg"]
    assert found("notfall") == []  # the second word is missing
    assert found("hilfr") == []  # short words: no typo forgiven


@pytest.mark.parametrize(
    ("message", "emergency"),
    [
        ("HILFE", True),  # shouted
        ("Hilfe!", True),
        ("hilfe hilfe", True),
        ("bitte hilfe", True),
        ("pls help", True),
        ("AU SECOURS", True),
        ("yardim edin", True),
        ("hilfe", False),  # a bare lowercase word asks what the bot can do
        ("help", False),
        ("Help", False),
        ("hilfe bei der anmeldung", False),
        ("I need help with the Kita form", False),
    ],
)
def test_a_cry_for_help_alone_is_an_emergency_a_plain_help_is_not(
    message: str, emergency: bool
) -> None:
    assert (emergency_category(message) == "danger") is emergency
