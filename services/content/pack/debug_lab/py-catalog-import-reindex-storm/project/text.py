"""Turning product text into search terms."""

import re

STOPWORDS = frozenset({"a", "an", "and", "for", "in", "of", "the", "with"})
WORD = re.compile(r"[a-z0-9]+")


class Tokenizer:
    """Lowercase words minus stopwords; `calls` feeds the tokenizer_calls_total metric."""

    def __init__(self) -> None:
        self.calls = 0

    def tokens(self, text: str) -> set[str]:
        self.calls += 1
        return {word for word in WORD.findall(text.lower()) if word not in STOPWORDS}
