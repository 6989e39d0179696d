"""Untrusted text made safe: no NUL or lone surrogates; byte caps never split a character."""

from __future__ import annotations

import json

from servicekit.text import REPLACEMENT, clean_text, fit_utf8


def test_nul_and_lone_surrogates_are_replaced_everywhere_in_a_value() -> None:
    dirty = {"out": "a\x00b", "items": ["\ud800", ("x\udfff",)], "n": 3, "\x00key": None}
    clean = clean_text(dirty)
    assert clean == {
        "out": f"a{REPLACEMENT}b",
        "items": [REPLACEMENT, [f"x{REPLACEMENT}"]],
        "n": 3,
        f"{REPLACEMENT}key": None,
    }
    json.dumps(clean, ensure_ascii=False).encode()  # encodes as UTF-8 now


def test_astral_characters_are_kept() -> None:
    assert clean_text("😀 ok") == "😀 ok"


def test_fit_utf8_counts_bytes_and_never_splits_a_character() -> None:
    text = "😀" * 10  # 40 bytes
    assert fit_utf8(text, 40) == text
    assert fit_utf8(text, 10) == "😀😀"  # 8 bytes: the third would not fit whole
    assert fit_utf8("ab😀", 5, keep="tail") == "b😀"
