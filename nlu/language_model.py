"""Which of our languages a message is in; German offer-world words and place names weigh nothing.

Off-the-shelf detectors fail our users in three ways (bench/language_id.py measures them):
  - German words from letters and signs ("Мне нужен Berechtigungsschein", "Where is the
    Kita-Portal for Hückelhoven?") pull the message towards German;
  - Russian, Ukrainian, Arabic and Persian typed in Latin letters ("gde kursy nemeckogo",
    "3ayez a3ref") are read as Slovak or Indonesian;
  - very short messages ("ok", "хай", "merci") are a coin toss.
So the place names (nlu.entity_matching) and loanwords (nlu.loanwords) are cut out first, and
the rest of the message decides, read by a character n-gram naive Bayes model trained on our own
training data, native script and Latin-script (nlu/data/<code>/*.yml, the folder names the
language): it knows the domain's words and the transliterations.
Until December 2026 its probabilities were mixed with lingua's (a general-text detector). On
5,205 messages of four authors' sets the mix got 149 wrong, the model alone 151: lingua added
nothing measurable and cost 248 MiB of models in every Rasa replica (issue "Scale out": memory
per replica) and a millisecond per message. bench/language_id.py still runs lingua beside ours.
The confidence says how much evidence there was: with no own word left (only places, numbers,
loanwords) it is at most NO_EVIDENCE_CONFIDENCE, with one or two at most FEW_WORDS_CONFIDENCE, so
the dialogue keeps the conversation's language for such replies (actions/reply_language.py).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline, make_union

from nlu.annotations import ANNOTATION
from nlu.fast_inference import PredictProba, compile_predict_proba
from nlu.loanwords import default_loanwords
from nlu.text_normalization import fold
from nlu.transliteration import SCHEMES, transliterate

DATA_DIR = Path(__file__).resolve().parent / "data"
LATIN_LANGUAGES = frozenset({"en", "de", "fr", "tr"})
NO_EVIDENCE_CONFIDENCE = 0.35  # below reply_language.FIRST_GUESS: a bare "Kita Wegberg"
FEW_WORDS_CONFIDENCE = 0.7  # below reply_language.CONFIDENT: "ok danke" keeps the language
FEW_WORDS = 2
TRANSLIT_PRIOR = 0.3  # weight of ru/uk/ar/fa for a Latin-script text (tuned on nlu/eval)
TWINS = 2  # Latin-script twins per native example, for the language model only
_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


def own_words(text: str) -> list[str]:
    """The words of a text with two or more letters."""
    return _WORD.findall(text)


def is_latin_script(text: str) -> bool:
    letters = _LETTER.findall(text)
    return bool(letters) and all(_LATIN_LETTER.match(ch) for ch in letters)


def build_pipeline(alpha: float = 0.01) -> Pipeline:
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, min_df=2)
    words = TfidfVectorizer(analyzer="word", token_pattern=r"(?u)\b\w+\b", sublinear_tf=True)
    return Pipeline([("features", make_union(chars, words)), ("nb", MultinomialNB(alpha=alpha))])


def _without_annotated_places(example: str) -> str:
    """A training example as plain text, its annotated place names cut out (the same cut the
    matcher makes at run time, without running it over every example)."""

    def replace(m: re.Match[str]) -> str:
        return (
            " "
            if '"municipality"' in (m.group("json") or m.group("name") or "")
            else m.group("text")
        )

    return ANNOTATION.sub(replace, example)


def training_examples(data_dir: Path = DATA_DIR) -> Iterable[tuple[str, str]]:
    """(language, text without place names) of every training example; the folder is the
    language."""
    for language_dir in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        for path in sorted(language_dir.glob("*.yml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for block in doc.get("nlu") or []:
                for line in str(block.get("examples") or "").splitlines():
                    line = line.strip()
                    if line.startswith("- "):
                        yield language_dir.name, _without_annotated_places(line[2:])


@dataclass
class LanguageModel:
    """Our model and the function that cuts place names out of a text."""

    pipeline: Pipeline
    without_places: Callable[[str], str]
    translit_prior: float = TRANSLIT_PRIOR
    _predict_proba: PredictProba = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._predict_proba = compile_predict_proba(self.pipeline)

    @property
    def codes(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    def evidence(self, text: str) -> tuple[str, int]:
        """The text that tells the language, and how many own words it has."""
        without_places = self.without_places(text)
        rest = default_loanwords().remove(without_places)
        n = len(own_words(rest))
        if n or _LETTER.search(rest):
            return rest, n  # also a lone letter: "Begegnungscafé у Вальдфойхті" is Cyrillic
        # Only places, loanwords, numbers: a guess from everything is still better than none
        # (an Arabic-script place name is no German), but it carries little confidence.
        return (without_places if _LETTER.search(without_places) else text), 0

    def probabilities(self, text: str) -> np.ndarray:
        """Probabilities over self.codes for an evidence text."""
        ours = self._predict_proba([fold(text)])[0]
        if is_latin_script(text):
            latin = np.array([c in LATIN_LANGUAGES for c in self.codes])
            # Most Latin-script messages are English, German, French or Turkish: a transliteration
            # has to show it ("3", "zh", "baddi"), a short "sup" or "nah" is not enough.
            ours = np.where(latin, ours, ours * self.translit_prior)
            ours = ours / ours.sum()
        return ours

    def detect(self, text: str) -> dict:
        """{"code", "confidence", "own_words"}; code None for a text without letters."""
        if not _LETTER.search(text):
            return {"code": None, "confidence": 0.0, "own_words": 0}
        evidence, n = self.evidence(text)
        probabilities = self.probabilities(evidence)
        best = int(np.argmax(probabilities))
        confidence = float(probabilities[best])
        if n == 0:
            confidence = min(confidence, NO_EVIDENCE_CONFIDENCE)
        elif n <= FEW_WORDS:
            confidence = min(confidence, FEW_WORDS_CONFIDENCE)
        return {"code": self.codes[best], "confidence": round(confidence, 4), "own_words": n}


def train_pipeline(data_dir: Path = DATA_DIR, alpha: float = 0.01) -> Pipeline:
    """Fits our model on the training data's evidence texts (places and loanwords cut out).

    Every native-script example of a language people also type in Latin letters gets a
    transliterated twin here (the training files hold twins of only a quarter, for the intent
    classifier): the language model needs many spellings, the intent classifier few.
    """
    texts, labels = [], []
    loanwords = default_loanwords()
    rng = random.Random(29)
    for language, text in training_examples(data_dir):
        rest = loanwords.remove(text)
        if not _LETTER.search(rest):
            continue
        texts.append(fold(rest))
        labels.append(language)
        if language in SCHEMES and not is_latin_script(rest):
            for _ in range(TWINS):
                texts.append(fold(transliterate(rest, language, rng)))
                labels.append(language)
    pipeline = build_pipeline(alpha)
    pipeline.fit(texts, labels)
    return pipeline
