"""Intent decisions that must not depend on a learned model's mood: emergencies and the
general questions the assistant answers itself. Both run last in the pipeline (after the
FallbackClassifier), so that an unsure or wrong guess is overridden, not the other way round.

Both add what they found to the parse result (`emergency: {"category": ...}`,
`general_question: {"entry": ..., "topic": ...}`), so the actions know which help line and
which knowledge entry fit without reading the text again.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu import emergency_net, general_questions

EMERGENCY_KEY = "emergency"
GENERAL_QUESTION_KEY = "general_question"
EMERGENCY_INTENT = "emergency"
# A classifier this sure of a different topic than a cue's entry wins over the cue.
TRUST_OTHER_TOPIC = 0.5


def force_intent(message: Message, name: str) -> None:
    """Makes `name` the message's intent with full confidence, at the top of the ranking."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    top = {"name": name, "confidence": 1.0}
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)


class _RuleComponent(GraphComponent, IntentClassifier):
    """A component without training that adjusts the parse result of every message."""

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> _RuleComponent:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self.adjust(message)
        return messages

    def adjust(self, message: Message) -> None:
        raise NotImplementedError

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencySafetyNet(_RuleComponent):
    """Any phrase of the emergency lexicon makes the message an emergency."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self._lexicon = emergency_net.load()

    def adjust(self, message: Message) -> None:
        category = emergency_net.emergency_category(message.get(TEXT) or "", self._lexicon)
        if category is not None:
            force_intent(message, EMERGENCY_INTENT)
        elif (message.get(INTENT) or {}).get("name") != EMERGENCY_INTENT:
            return
        message.set(EMERGENCY_KEY, {"category": category}, add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class GeneralQuestionDetector(_RuleComponent):
    """A question of the knowledge base is labelled with its topic's intent (never over an
    emergency) and carries the entry it asks about."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self._entries = general_questions.load()

    def adjust(self, message: Message) -> None:
        intent = message.get(INTENT) or {}
        if intent.get("name") == EMERGENCY_INTENT:
            return
        entry = general_questions.general_question(message.get(TEXT) or "", self._entries)
        if entry is None:
            return
        entry_intent = general_questions.TOPIC_INTENTS[entry.topic]
        other_topic = intent.get("name") in set(general_questions.TOPIC_INTENTS.values())
        sure = float(intent.get("confidence") or 0) >= TRUST_OTHER_TOPIC
        if other_topic and intent.get("name") != entry_intent and sure:
            # "Kita first, then how do we register for school?": a classifier sure of another
            # topic knows better than a cue that shares a word with it.
            return
        force_intent(message, entry_intent)
        message.set(
            GENERAL_QUESTION_KEY, {"entry": entry.name, "topic": entry.topic}, add_to_output=True
        )
