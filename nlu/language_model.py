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
Place names in the writer's own script stay in ("в Гайнсберзі" is Ukrainian, "в Хайнсберге"
Russian, "هاینسبرگ" Persian): their spelling and endings are the writer's language, though they
do not count as own words. What the writer attaches to German words counts as a word of their
language (nlu.grammar_marks: "Kita'ya", "d'Erkelenz"). A Latin-script message of nothing but
German words and place names ("Kita Heinsberg") is German words: reported as German, with the
confidence of no evidence.
The confidence says how much evidence there was: with no own word left (only places, numbers,
loanwords) it is at most NO_EVIDENCE_CONFIDENCE, with one or two at most FEW_WORDS_CONFIDENCE, so
the dialogue keeps the conversation's language for such replies (actions/reply_language.py).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline, make_union

from nlu.annotations import ANNOTATION
from nlu.entity_matching import Found
from nlu.fast_inference import PredictProba, compile_predict_proba
from nlu.grammar_marks import marks_on_loanword, marks_on_place
from nlu.keyboard_marks import contradicts_language, keyboard_marks, sibling_weights
from nlu.loanwords import default_loanwords
from nlu.place_spellings import spelling_marks
from nlu.reply_words import reply_languages
from nlu.text_normalization import fold, is_latin_script
from nlu.transliteration import SCHEMES, transliterate

DATA_DIR = Path(__file__).resolve().parent / "data"
LATIN_LANGUAGES = frozenset({"en", "de", "fr", "tr"})
NO_EVIDENCE_CONFIDENCE = 0.35  # below reply_language.FIRST_GUESS: a bare "Kita Wegberg"
FEW_WORDS_CONFIDENCE = 0.7  # below reply_language.CONFIDENT: "ok danke" keeps the language
FEW_WORDS = 2
TRANSLIT_PRIOR = 0.3  # weight of ru/uk/ar/fa for a Latin-script text (tuned on nlu/eval)
TWINS = 2  # Latin-script twins per native example, for the language model only
# How much more likely a language is when its grammar sits on a German word ("Kita'ya"): enough
# to decide a message of German words alone, not enough to overturn sentences of another one
# ("v Jobcenter'e" is Russian in Latin letters, the apostrophe ending notwithstanding).
MARK_WEIGHT = 20.0
# A Latin-script message of only German words and places: German, else another Latin language
# (the others only where a keyboard sign says so: "Kita؟").
GERMAN_WORDS_ONLY = {"de": 0.6, "en": 0.4 / 3, "fr": 0.4 / 3, "tr": 0.4 / 3}
OTHER_WITHOUT_WORDS = 0.001
_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTER = re.compile(r"[^\W\d_]")
_SCRIPTS = (
    ("cyrillic", re.compile(r"[\u0400-\u04FF]")),
    ("arabic", re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")),
)
NATIVE_SCRIPT = {"ru": "cyrillic", "uk": "cyrillic", "ar": "arabic", "fa": "arabic"}


def own_words(text: str) -> list[str]:
    """The words of a text with two or more letters."""
    return _WORD.findall(text)


def build_pipeline(alpha: float = 0.01) -> Pipeline:
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, min_df=2)
    words = TfidfVectorizer(analyzer="word", token_pattern=r"(?u)\b\w+\b", sublinear_tf=True)
    return Pipeline([("features", make_union(chars, words)), ("nb", MultinomialNB(alpha=alpha))])


def _without_annotated_places(example: str) -> str:
    """A training example as plain text, its annotated Latin-script place names cut out (the
    same cut the matcher makes at run time, without running it over every example)."""

    def replace(m: re.Match[str]) -> str:
        is_place = '"municipality"' in (m.group("json") or m.group("name") or "")
        return " " if is_place and is_latin_script(m.group("text")) else m.group("text")

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


@dataclass(frozen=True)
class Evidence:
    """What of a message tells its language."""

    text: str  # read by the model: German words and Latin-script places cut out
    own_words: int  # words of two letters or more outside places and loanwords
    marks: tuple[str, ...]  # languages whose grammar sits on a German word ("Kita'ya": tr)
    # languages whose writers spell a town this way ("Valdfoyht": tr); not counted as words
    spellings: tuple[str, ...] = ()


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with the spans replaced by as many spaces, so that offsets stay valid."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


@dataclass
class LanguageModel:
    """Our model and the function that finds the place names in a text."""

    pipeline: Pipeline
    find_places: Callable[[str], Sequence[Found]]
    translit_prior: float = TRANSLIT_PRIOR
    _predict_proba: PredictProba = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._predict_proba = compile_predict_proba(self.pipeline)

    @property
    def codes(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    def evidence(self, text: str) -> Evidence:
        """The text that tells the language, its own words and the grammar marks."""
        marks: list[str] = []
        spellings: list[str] = []
        places, latin_places = [], []
        for place in self.find_places(text):
            marks += marks_on_place(place.text, place.value, text[: place.start])
            places.append((place.start, place.end))
            if is_latin_script(place.text):
                latin_places.append((place.start, place.end))
                spellings += spelling_marks(place.text)
        loanwords = default_loanwords()
        without_places = _blank(text, places)
        loans = loanwords.spans(without_places)
        for start, end in loans:
            marks += marks_on_loanword(text[start:end], text[:start], loanwords)
        rest = _blank(text, [*latin_places, *loans])
        n = len(own_words(_blank(without_places, loans)))
        return Evidence(rest, n, tuple(marks), tuple(spellings))

    def probabilities(self, text: str) -> np.ndarray:
        """Probabilities over self.codes for an evidence text."""
        if not _LETTER.search(text):
            # Nothing but German words and places in Latin letters.
            prior = np.array([GERMAN_WORDS_ONLY.get(c, OTHER_WITHOUT_WORDS) for c in self.codes])
            return prior / prior.sum()
        ours = self._predict_proba([fold(text)])[0]
        if is_latin_script(text):
            latin = np.array([c in LATIN_LANGUAGES for c in self.codes])
            # Most Latin-script messages are English, German, French or Turkish: a transliteration
            # has to show it ("3", "zh", "baddi"), a short "sup" or "nah" is not enough.
            ours = np.where(latin, ours, ours * self.translit_prior)
            ours = ours / ours.sum()
        return ours

    def native_script_part(self, text: str) -> tuple[str, list[str]]:
        """The words of `text` in a non-Latin script when they are at least as many as its
        Latin-script words, and the languages written in that script; else (text, [])."""
        words = own_words(text)
        counts = {name: sum(1 for w in words if pattern.match(w)) for name, pattern in _SCRIPTS}
        latin = len(words) - sum(counts.values())
        name, count = max(counts.items(), key=lambda item: item[1])
        if not count or count < latin:
            return text, []
        pattern = dict(_SCRIPTS)[name]
        return " ".join(w for w in words if pattern.match(w)), [
            c for c in self.codes if NATIVE_SCRIPT.get(c) == name
        ]

    def detect(self, text: str) -> dict:
        """{"code", "confidence", "own_words"}; code None for a text without letters."""
        keyboard = keyboard_marks(text)
        if not _LETTER.search(text) and not keyboard:
            return {"code": None, "confidence": 0.0, "own_words": 0}
        evidence = self.evidence(text)
        codes = np.array(self.codes)
        # "English please, мне так проще": the Cyrillic words choose between Russian and
        # Ukrainian, the English ones must not.
        part, candidates = self.native_script_part(evidence.text)
        # Floored, so that no restriction below can leave every language at zero.
        probabilities = np.maximum(self.probabilities(part), 1e-12)
        factors = [
            np.where(codes == mark, MARK_WEIGHT, 1.0)
            for mark in (*evidence.marks, *evidence.spellings)
        ]
        if candidates:
            factors.append(np.isin(codes, candidates).astype(float))
        for code, weight in sibling_weights(text).items():
            factors.append(np.where(codes == code, weight, 1.0))
        replies = reply_languages(text)
        if replies:
            # "are", "na merci": a whole reply that speakers of these languages send.
            factors.append(np.isin(codes, list(replies)).astype(float))
        if keyboard:
            # An Arabic-script keyboard: Arabic or Persian, whatever the letters look like.
            factors.append(np.isin(codes, keyboard).astype(float))
        for factor in factors:
            # A sign that contradicts all before it ("привет؟") is ignored, not a division by 0.
            if (probabilities * factor).sum() > 0:
                probabilities = probabilities * factor
        probabilities = probabilities / probabilities.sum()
        best = int(np.argmax(probabilities))
        confidence = float(probabilities[best])
        n = evidence.own_words + len(evidence.marks)
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
        if not _LETTER.search(rest) or contradicts_language(text, language):
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
