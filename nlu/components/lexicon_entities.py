"""Entity extractor for municipality, child_age, course_level, list_pick, unsure and language
(nlu/README.md).

Deterministic and driven by the lexicons: place names and number words are a closed set that
staff and translators can extend by editing nlu/lexicon/<code>.yml, and a learned extractor
would need thousands of annotated examples per script to find them as reliably.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.entity_matching import Found, default_matcher

# Language names are only a request to switch when the user asks for that: "I want to learn
# German" names a language too, but must not switch the conversation.
LANGUAGE_INTENTS = {"change_language"}


def _as_rasa(found: list[Found]) -> list[dict[str, Any]]:
    return [
        {
            "entity": f.entity,
            "start": f.start,
            "end": f.end,
            "value": f.value,
            "confidence_entity": 1.0,
        }
        for f in found
    ]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LexiconEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Finds the contract's entities with the spaCy-based lexicon matcher."""

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config
        self._matcher = default_matcher()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LexiconEntityExtractor:
        return cls(config)

    def extract(self, text: str, intent: str | None) -> list[Found]:
        """All entities of `text`; language names only for a language-change request."""
        m = self._matcher
        found = [
            *m.municipalities(text),
            *m.child_ages(text),
            *m.course_levels(text),
            *m.list_picks(text),
            *m.unsure_answers(text),
        ]
        if intent in LANGUAGE_INTENTS:
            found += m.language_names(text)
        return found

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            entities = self.add_extractor_name(
                _as_rasa(self.extract(message.get(TEXT) or "", intent))
            )
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
