"""Intent classification for all languages at once: TF-IDF n-grams and a linear SVM.

Why not Rasa's own classifiers: on our held-out messages (nlu/eval, written by other authors)
Rasa's LogisticRegressionClassifier on count vectors reached 91.6% and spread its probabilities
so thin that many right answers fell under the fallback threshold; DIET would take far longer
than the 5-minute training budget on 2 cores. Word 1–2-grams plus character 2–5-grams of the
folded text (script variants and diacritics unified by nlu.text_normalization) with
sublinear TF-IDF and a linear SVM reach about 95% in seconds (bench/nlu_eval.py). The SVM's
scores are turned into probabilities by sigmoid calibration on cross-validation folds, so the
FallbackClassifier's threshold means what it says.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_union
from sklearn.svm import LinearSVC

from nlu.fast_inference import compile_predict_proba
from nlu.text_normalization import fold

logger = logging.getLogger(__name__)
MODEL_FILE = "intent_classifier.skops"
# Only these packages' types may be loaded back from a model file (skops refuses the rest).
TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.")


def build_pipeline(config: dict[str, Any]) -> Pipeline:
    words = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, config["word_max_ngram"]),
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w+\b",  # keep one-letter words: "A2", "و", "я"
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(config["char_min_ngram"], config["char_max_ngram"]),
        sublinear_tf=True,
        min_df=2,
    )
    svm = LinearSVC(C=config["C"], class_weight="balanced", random_state=config["random_state"])
    calibrated = CalibratedClassifierCV(svm, cv=config["calibration_folds"], method="sigmoid")
    return Pipeline([("features", make_union(words, chars)), ("classifier", calibrated)])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfSvmIntentClassifier(GraphComponent, IntentClassifier):
    """Predicts the intent and a ranking with calibrated confidences."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "word_max_ngram": 2,
            "char_min_ngram": 2,
            "char_max_ngram": 5,
            "C": 1.0,
            "calibration_folds": 5,
            "random_state": 42,
            "ranking_length": 10,
        }

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
        self._pipeline = pipeline
        self._predict_proba = compile_predict_proba(pipeline) if pipeline is not None else None

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TfidfSvmIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        texts = [fold(e.get(TEXT)) for e in examples]
        labels = np.array([e.get(INTENT) for e in examples])
        self._pipeline = build_pipeline(self._config)
        self._pipeline.fit(texts, labels)
        self._predict_proba = compile_predict_proba(self._pipeline)
        self._persist()
        return self._resource

    def _persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as directory:
            sio.dump(self._pipeline, directory / MODEL_FILE)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfSvmIntentClassifier:
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as directory:
                path = directory / MODEL_FILE
                types = sio.get_untrusted_types(file=path)
                unknown = [t for t in types if not t.startswith(TRUSTED_PREFIXES)]
                if unknown:
                    raise ValueError(f"refusing to load {path}: unexpected types {unknown}")
                pipeline = sio.load(path, trusted=types)
        except ValueError:
            logger.exception("intent classifier could not be loaded; it predicts nothing")
            pipeline = None
        return cls(config, model_storage, resource, pipeline)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._pipeline is None or self._predict_proba is None or not messages:
            return messages
        texts = [fold(m.get(TEXT) or "") for m in messages]
        probabilities = self._predict_proba(texts)
        classes = self._pipeline.classes_
        length = self._config["ranking_length"]
        for message, row in zip(messages, probabilities, strict=True):
            order = np.argsort(-row)
            ranking = [{"name": str(classes[i]), "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(
                INTENT_RANKING_KEY, ranking[:length] if length else ranking, add_to_output=True
            )
        return messages
