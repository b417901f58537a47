"""Whitespace tokenizer whose tokens carry the folded text (nlu.text_normalization.fold).

Token offsets still point into the original message, so entities keep their real spans, while
the featurizers see one spelling for ي/ی, ü/u, Cyrillic/Latin look-alikes and so on.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from nlu.text_normalization import fold


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class FoldingTokenizer(WhitespaceTokenizer):
    """Splits on whitespace and punctuation, then folds every token's text."""

    @staticmethod
    def not_supported_languages() -> list[str] | None:
        return None

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            folded = fold(token.text)
            token.text = folded
            token.lemma = folded
        return tokens

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return WhitespaceTokenizer.get_default_config()
