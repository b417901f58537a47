"""The two trained scikit-learn pipelines answered without scikit-learn's per-call overhead.

Profiled under load (bench/load.py --profile, py-spy), `predict_proba` of the language model and
of the intent classifier took about a quarter of the Rasa process's busy time for one short
message each. Most of it was not arithmetic: input validation on every call, and
`TfidfTransformer.idf_`, a property that sums a diagonal matrix of every feature each time the
fitted-check asks for it. Here the same arithmetic runs on the fitted parameters, read once:
TF-IDF rows (analyzer, vocabulary, sublinear tf, idf, l2 norm), joined like the FeatureUnion,
then multinomial naive Bayes or the sigmoid-calibrated linear SVMs of CalibratedClassifierCV.
The answers equal scikit-learn's (tests/nlu/test_fast_inference.py); a pipeline of any other
shape is answered by scikit-learn itself, so nothing breaks when a component changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from scipy.special import expit, logsumexp
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

PredictProba = Callable[[Sequence[str]], np.ndarray]
SparseRow = tuple[np.ndarray, np.ndarray]  # feature indices, values


class _Tfidf:
    """One fitted TfidfVectorizer as a function text -> sparse row."""

    def __init__(self, vectorizer: TfidfVectorizer, offset: int) -> None:
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64) if vectorizer.use_idf else None
        self.sublinear = bool(vectorizer.sublinear_tf)
        self.norm = vectorizer.norm
        self.offset = offset

    @staticmethod
    def supports(vectorizer: Any) -> bool:
        return (
            type(vectorizer) is TfidfVectorizer
            and not vectorizer.binary
            and vectorizer.norm in ("l2", None)
            and vectorizer.dtype in (np.float64, float)
        )

    def row(self, text: str) -> SparseRow:
        counts = Counter(
            index for index in map(self.vocabulary.get, self.analyze(text)) if index is not None
        )
        indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self.sublinear:
            values = np.log(values) + 1.0
        if self.idf is not None:
            values = values * self.idf[indices]
        if self.norm == "l2" and values.size:
            length = np.sqrt(np.dot(values, values))
            if length > 0:
                values = values / length
        return indices + self.offset, values


def _features(union: Any) -> Callable[[str], SparseRow] | None:
    if type(union) is not FeatureUnion or union.transformer_weights:
        return None
    parts: list[_Tfidf] = []
    offset = 0
    for _, vectorizer in union.transformer_list:
        if not _Tfidf.supports(vectorizer):
            return None
        parts.append(_Tfidf(vectorizer, offset))
        offset += len(vectorizer.vocabulary_)

    def row(text: str) -> SparseRow:
        rows = [part.row(text) for part in parts]
        return np.concatenate([r[0] for r in rows]), np.concatenate([r[1] for r in rows])

    return row


def _naive_bayes(model: MultinomialNB) -> Callable[[SparseRow], np.ndarray]:
    log_prob = model.feature_log_prob_  # classes x features
    prior = model.class_log_prior_

    def proba(x: SparseRow) -> np.ndarray:
        indices, values = x
        joint = log_prob[:, indices] @ values + prior
        return np.exp(joint - logsumexp(joint))

    return proba


def _calibrated_svms(model: CalibratedClassifierCV) -> Callable[[SparseRow], np.ndarray] | None:
    classes = model.classes_
    members = []
    for member in model.calibrated_classifiers_:
        svm = getattr(member, "base_estimator", None) or getattr(member, "estimator", None)
        if type(svm) is not LinearSVC or svm.coef_.shape[0] != len(classes) or len(classes) < 3:
            return None
        calibrators = member.calibrators
        if any(type(c).__name__ != "_SigmoidCalibration" for c in calibrators):
            return None
        slots = np.searchsorted(classes, svm.classes_)
        a = np.array([c.a_ for c in calibrators], dtype=np.float64)
        b = np.array([c.b_ for c in calibrators], dtype=np.float64)
        members.append((svm.coef_, svm.intercept_, slots, a, b))
    n_classes = len(classes)

    def proba(x: SparseRow) -> np.ndarray:
        indices, values = x
        total = np.zeros(n_classes)
        for coef, intercept, slots, a, b in members:
            scores = coef[:, indices] @ values + intercept
            # _CalibratedClassifier.predict_proba: a sigmoid per class, then normalised.
            p = np.zeros(n_classes)
            p[slots] = expit(-(a * scores + b))
            denominator = p.sum()
            p = p / denominator if denominator != 0 else np.full(n_classes, 1 / n_classes)
            p[(p > 1.0) & (p <= 1.0 + 1e-5)] = 1.0
            total += p
        return total / len(members)

    return proba


def compile_predict_proba(pipeline: Pipeline) -> PredictProba:
    """pipeline.predict_proba, the same numbers, without scikit-learn's per-call work."""
    steps = getattr(pipeline, "steps", None)
    if not steps or len(steps) != 2:
        return pipeline.predict_proba
    row = _features(steps[0][1])
    classifier = steps[1][1]
    per_row: Callable[[SparseRow], np.ndarray] | None = None
    if type(classifier) is MultinomialNB:
        per_row = _naive_bayes(classifier)
    elif type(classifier) is CalibratedClassifierCV and classifier.method == "sigmoid":
        per_row = _calibrated_svms(classifier)
    if row is None or per_row is None:
        return pipeline.predict_proba
    features, classify = row, per_row

    def predict_proba(texts: Sequence[str]) -> np.ndarray:
        return np.vstack([classify(features(text)) for text in texts])

    return predict_proba
