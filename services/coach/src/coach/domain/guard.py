"""Telling a request for graded work's solution from a question about it."""

from __future__ import annotations

import re

_ASKS_FOR_SOLUTION = re.compile(
    r"\b(?:"
    r"(?:give|show|tell|send|write|paste)\s+(?:me\s+)?(?:the\s+|a\s+|your\s+)?"
    r"(?:full\s+|complete\s+|whole\s+|final\s+|working\s+|correct\s+|reference\s+)?"
    r"(?:solution|answer|code|implementation|fix)"
    r"|solve\s+(?:it|this|the\s+\w+)\s+for\s+me"
    r"|(?:what\s+is|what's)\s+the\s+(?:solution|answer|correct\s+answer)"
    r"|do\s+my\s+(?:homework|assignment|exercise)"
    r"|reference[\s_]solution"
    r")",
    re.IGNORECASE,
)


def asks_for_solution(message: str, solutions: tuple[str, ...] = ()) -> bool:
    """True when the message asks for a solution outright or quotes one of `solutions`."""
    if _ASKS_FOR_SOLUTION.search(message):
        return True
    squashed = _squash(message)
    return any(len(s) >= 40 and s in squashed for s in map(_squash, solutions))


def _squash(text: str) -> str:
    return "".join(text.split())
