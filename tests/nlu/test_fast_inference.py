"""The fast path answers exactly what scikit-learn answers, for both pipelines we train, on
texts of every kind (scripts, loanwords, digits only, empty, words the model never saw)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from nlu.components.intent_classifier import TfidfSvmIntentClassifier, build_pipeline
from nlu.fast_inference import compile_predict_proba
from nlu.language_model import train_pipeline, training_examples
from nlu.text_normalization import fold

TEXTS = [
    "Hallo, ich suche einen Deutschkurs in Erkelenz",
    "Where do I find the Kita-Portal for Hückelhoven?",
    "Мне нужен Berechtigungsschein для курса, где его взять?",
    "وين بلاقي Sprachcafé بهاينسبرغ؟",
    "من دنبال کلاس زبان آلمانی هستم",
    "gde kursy nemeckogo v Erkelenze",
    "fi kurs almani b Heinsberg? 3ayez a3ref",
    "Ausländerbehörde mektubu geldi, kim yardım eder?",
    "Je dois aller au Jobcenter ou à la Volkshochschule pour le cours ?",
    "Де знайти школу для сина?",
    "12345",
    "",
    "ok",
    "xqzv wpmt",
    "日本語のテキスト",
    "A2 B1 a2 a2 a2 Kita Kita",
]


def assert_same(pipeline: Pipeline, texts: list[str]) -> None:
    fast = compile_predict_proba(pipeline)
    assert fast is not pipeline.predict_proba, "the fast path must take this pipeline"
    expected = pipeline.predict_proba(texts)
    got = fast(texts)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


@pytest.fixture(scope="module")
def labelled() -> list[tuple[str, str]]:
    return list(training_examples())


def test_language_model_naive_bayes(labelled: list[tuple[str, str]]) -> None:
    pipeline = train_pipeline()
    texts = [fold(t) for t in TEXTS] + [fold(text) for _, text in labelled[::97]]
    assert_same(pipeline, texts)


def test_intent_classifier_calibrated_svms(labelled: list[tuple[str, str]]) -> None:
    # Languages as classes: eight classes, thousands of examples, the classifier's exact recipe.
    sample = labelled[::3]
    counts = Counter(code for code, _ in sample)
    sample = [(code, text) for code, text in sample if counts[code] >= 20]
    assert len({code for code, _ in sample}) >= 3
    pipeline = build_pipeline(TfidfSvmIntentClassifier.get_default_config())
    pipeline.fit([fold(t) for _, t in sample], np.array([code for code, _ in sample]))
    texts = [fold(t) for t in TEXTS] + [fold(text) for _, text in labelled[1::89]]
    assert_same(pipeline, texts)


def test_another_shape_is_left_to_scikit_learn(labelled: list[tuple[str, str]]) -> None:
    pipeline = train_pipeline()
    other = Pipeline([("features", pipeline.steps[0][1]), ("lr", LogisticRegression())])
    other.fit([fold(t) for _, t in labelled[::20]], [c for c, _ in labelled[::20]])
    assert compile_predict_proba(other) == other.predict_proba
