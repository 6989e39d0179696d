"""Comparing answers outside the sandbox, on JSON values (an object with a lying `==` is text)."""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

TOLERANCE = 1e-6


def normalise(value: Any) -> Any:
    """A JSON round trip: tuples become lists, 5.0 stays a float the comparison tolerates."""
    return json.loads(json.dumps(value))


def answers_match(expected: Any, actual: Any, comparison: str) -> bool:
    if comparison == "unordered":
        if not (isinstance(expected, list) and isinstance(actual, list)):
            return _equal(expected, actual, tolerant=False)
        return Counter(_key(v) for v in expected) == Counter(_key(v) for v in actual)
    return _equal(expected, actual, tolerant=comparison == "float")


def stdout_matches(expected: str, actual: str) -> bool:
    return _trim(expected) == _trim(actual)


def _trim(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _equal(expected: Any, actual: Any, *, tolerant: bool) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
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
