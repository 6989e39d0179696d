"""Comparing answers on the host, as JSON values: the learner's objects never get a say.

The harness sends back the answer as JSON text, so an object whose __eq__ always says yes
arrives as what it serialises to (or not at all). Numbers compare by value (5 == 5.0), booleans
only with booleans, strings, lists and objects structurally.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

TOLERANCE = 1e-6


def normalise(value: Any) -> Any:
    """A JSON round trip: tuples become lists, as the harness's answers do."""
    return json.loads(json.dumps(value))


def answers_match(expected: Any, actual: Any, comparison: str) -> bool:
    try:
        if comparison == "unordered" and isinstance(expected, list) and isinstance(actual, list):
            return Counter(map(_key, expected)) == Counter(map(_key, actual))
        return _equal(expected, actual, tolerant=comparison == "float")
    except RecursionError:  # nested deeper than any expected answer
        return False


def stdout_matches(expected: str, actual: str) -> bool:
    """Trimmed stdout against the expected text; trailing spaces on a line do not count."""
    return _trim(expected) == _trim(actual)


def _trim(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _key(value: Any) -> str:
    """One text per value for multiset counting, with 5 and 5.0 the same as in `exact`."""
    return json.dumps(_canonical(value), sort_keys=True)


def _canonical(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    return value


def _equal(expected: Any, actual: Any, *, tolerant: bool) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        if tolerant:
            return math.isclose(expected, actual, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
        return expected == actual
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            _equal(e, a, tolerant=tolerant) for e, a in zip(expected, actual, strict=True)
        )
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            _equal(expected[k], actual[k], tolerant=tolerant) for k in expected
        )
    return type(expected) is type(actual) and expected == actual
