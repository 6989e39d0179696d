"""Bounded text and JSON types for whatever authors write into the catalogue.

Every string an item holds refuses NUL bytes and lone surrogates: PostgreSQL cannot
store the first, UTF-8 cannot encode the second, and either would break every reader.
"""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

from pydantic import AfterValidator, Field

MAX_JSON_BYTES = 64 * 1024  # one test's input or expected output, encoded
MAX_JSON_DEPTH = 32


def clean_text(value: str) -> str:
    """`value` unchanged, or ValueError when it holds a NUL byte or a lone surrogate."""
    if "\x00" in value:
        raise ValueError("text must not contain NUL bytes")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must not contain lone surrogates") from None
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


SafeStr = Annotated[str, AfterValidator(clean_text)]
Line = Annotated[SafeStr, Field(min_length=1, max_length=300), AfterValidator(_not_blank)]
Label = Annotated[SafeStr, Field(min_length=1, max_length=200), AfterValidator(_not_blank)]
Prose = Annotated[SafeStr, Field(max_length=20_000)]
RequiredProse = Annotated[Prose, Field(min_length=1), AfterValidator(_not_blank)]
Code = Annotated[SafeStr, Field(max_length=100_000)]
Document = Annotated[SafeStr, Field(max_length=200_000)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,118}$")]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,79}$")]


def _check_json(value: Any, depth: int = 0) -> None:
    if depth > MAX_JSON_DEPTH:
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(value, str):
        clean_text(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("numbers must be finite")
    elif isinstance(value, list):
        for element in value:
            _check_json(element, depth + 1)
    elif isinstance(value, dict):
        for key, element in value.items():
            if not isinstance(key, str):
                raise ValueError("object keys must be strings")
            clean_text(key)
            _check_json(element, depth + 1)
    elif value is not None and not isinstance(value, bool | int):
        raise ValueError(f"not a JSON value: {type(value).__name__}")


def bounded_json(value: Any) -> Any:
    """`value` unchanged when it is plain, finite JSON of bounded depth and encoded size."""
    _check_json(value)
    if len(json.dumps(value, ensure_ascii=False).encode()) > MAX_JSON_BYTES:
        raise ValueError(f"larger than {MAX_JSON_BYTES} bytes once encoded")
    return value


JsonData = Annotated[Any, AfterValidator(bounded_json)]
