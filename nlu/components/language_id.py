"""Identifies the language of each message (nlu.language_model explains how and why).

The result goes into the parse result as
`language: {"code": "ar", "confidence": 0.93, "own_words": 4}` next to intent and entities;
the dialogue decides what to do with short or unsure messages (actions/reply_language.py).
The candidate languages are the folders of nlu/data (one per lexicon file), so a ninth
language needs no code.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.pipeline import Pipeline

from nlu.entity_matching import Found, default_matcher
from nlu.language_model import (
    DATA_DIR,
    LanguageModel,
    train_pipeline,
)
from nlu.loanwords import LOANWORDS_FILE

logger = logging.getLogger(__name__)
LANGUAGE_KEY = "language"
MODEL_FILE = "language_model.skops"
TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.")
_NLU_DIR = Path(__file__).resolve().parent.parent
# What the trained model depends on besides the training data Rasa already fingerprints.
_SOURCES = (
    _NLU_DIR / "language_model.py",
    _NLU_DIR / "loanwords.py",
    _NLU_DIR / "grammar_marks.py",
    _NLU_DIR / "keyboard_marks.py",
    _NLU_DIR / "reply_words.py",
    _NLU_DIR / "place_spellings.py",
    _NLU_DIR / "text_normalization.py",
    _NLU_DIR / "entity_matching.py",
    LOANWORDS_FILE,
)


def place_names(text: str) -> list[Found]:
    """The municipality names of a text: German town names ("Erkelenz") in an English or
    Arabic sentence must not pull the detection towards German."""
    return default_matcher().municipalities(text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class LanguageIdentifier(GraphComponent):
    """Adds the detected language of the text to every parsed message."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"alpha": 0.01}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        pipeline: Pipeline | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._model: LanguageModel | None = None
        if pipeline is not None:
            self._model = LanguageModel(pipeline, place_names)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageIdentifier:
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        # Retrain when the loanword lexicon or the evidence code changes, not only the data.
        digest = hashlib.sha256()
        for path in _SOURCES:
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        # The examples' language is their folder (nlu/data/<code>/), which Rasa's training data
        # does not keep, so the files are read here; they are the same files Rasa reads.
        pipeline = train_pipeline(DATA_DIR, self._config["alpha"])
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as directory:
            sio.dump(pipeline, directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageIdentifier:
        import skops.io as sio

        pipeline = None
        try:
            with model_storage.read_from(resource) as directory:
                path = directory / MODEL_FILE
                types = sio.get_untrusted_types(file=path)
                unknown = [t for t in types if not t.startswith(TRUSTED_PREFIXES)]
                if unknown:
                    raise ValueError(f"refusing to load {path}: unexpected types {unknown}")
                pipeline = sio.load(path, trusted=types)
        except ValueError:
            logger.exception("language model could not be loaded; no language is reported")
        return cls(config, model_storage, resource, pipeline)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None:
            return messages
        for message in messages:
            detected = self._model.detect(message.get(TEXT) or "")
            message.set(LANGUAGE_KEY, detected, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Training never needs the language: the classifiers are shared by all languages.
        return training_data
