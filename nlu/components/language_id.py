"""Identifies the language of each message with lingua (its models ship inside the package).

The result goes into the parse result as `language: {"code": "ar", "confidence": 0.93}` next
to intent and entities; the dialogue decides what to do with short or unsure messages.
The candidate languages are the ones with a lexicon file, so a ninth language needs no code.
"""

from __future__ import annotations

from typing import Any

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.entity_matching import default_matcher
from nlu.language_vocabulary import load_vocabulary, vote, words
from nlu.lexicon import language_codes

LANGUAGE_KEY = "language"
# Up to this many words, the training vocabulary's vote overrides lingua (see
# nlu.language_vocabulary); longer texts are lingua's strength.
SHORT_TEXT_WORDS = 3
VOTE_CONFIDENCE = 0.8


def build_detector(codes: tuple[str, ...]) -> LanguageDetector:
    """A detector restricted to our languages, models loaded up front (no first-call delay)."""
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return (
        LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
    )


def without_place_names(text: str) -> str:
    """The text with the municipality names cut out: German town names ("Erkelenz") in an
    English or Arabic sentence pull the detection towards German."""
    for found in reversed(default_matcher().municipalities(text)):
        text = text[: found.start] + " " + text[found.end :]
    return text


def detect(
    detector: LanguageDetector, text: str, vocabulary: dict[str, str] | None = None
) -> dict[str, Any]:
    """The most likely language and its confidence (0 when the text has no letters)."""
    text = without_place_names(text)
    if vocabulary is not None and 0 < len(words(text)) <= SHORT_TEXT_WORDS:
        voted = vote(text, vocabulary)
        if voted is not None:
            return {"code": voted, "confidence": VOTE_CONFIDENCE}
    values = detector.compute_language_confidence_values(text)
    if not values or values[0].value <= 0:
        return {"code": None, "confidence": 0.0}
    top = values[0]
    return {"code": top.language.iso_code_639_1.name.lower(), "confidence": round(top.value, 4)}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageIdentifier(GraphComponent):
    """Adds the detected language of the text to every parsed message."""

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config
        self._detector = build_detector(language_codes())
        self._vocabulary = load_vocabulary()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageIdentifier:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            message.set(
                LANGUAGE_KEY, detect(self._detector, text, self._vocabulary), add_to_output=True
            )
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Training never needs the language: the classifiers are shared by all languages.
        return training_data
