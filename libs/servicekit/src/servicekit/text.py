"""Untrusted text made safe to store and to send: no NUL, no lone surrogates, bounded in bytes."""

from __future__ import annotations

import re
from typing import Any, Literal

# PostgreSQL text cannot hold NUL, and a lone surrogate cannot be encoded as UTF-8 at all
# (a valid astral character is one code point in a Python str, so any surrogate is lone).
_UNSAFE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def clean_text(value: Any) -> Any:
    """`value` with every string in it (lists and dicts too) safe for a database and JSON."""
    if isinstance(value, str):
        return _UNSAFE.sub(REPLACEMENT, value)
    if isinstance(value, list | tuple):
        return [clean_text(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k): clean_text(v) for k, v in value.items()}
    return value


def fit_utf8(text: str, max_bytes: int, *, keep: Literal["head", "tail"] = "head") -> str:
    """`text` cut to at most `max_bytes` once encoded as UTF-8, never inside a character."""
    encoded = text.encode("utf-8", "replace")
    if len(encoded) <= max_bytes:
        return text
    part = encoded[:max_bytes] if keep == "head" else encoded[len(encoded) - max_bytes :]
    return part.decode("utf-8", "ignore")
