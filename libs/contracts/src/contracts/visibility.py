"""Learner views of items still held as dicts: the public models' allow-list, applied to keys.

Prefer contracts.catalogue.public.public_view on typed items; this is for readers that
have not moved to typed items yet. It never raises on a malformed item: what it cannot
recognise it leaves out.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from typing import Any

from contracts.catalogue.items import ITEM_MODELS
from contracts.catalogue.public import PUBLIC_MODELS
from contracts.catalogue.vocabulary import HINT_LEVELS, PATCH_LEVEL, Kind

PUBLIC_FIELDS: Mapping[str, frozenset[str]] = {
    kind.value: frozenset(PUBLIC_MODELS[kind].model_fields) for kind in Kind
}
_HIDDEN = {
    kind.value: frozenset(ITEM_MODELS[kind].model_fields) - PUBLIC_FIELDS[kind.value]
    for kind in Kind
}
# The kinds that hide something, and what: derived from the public models.
HIDDEN_FROM_LEARNERS: Mapping[str, frozenset[str]] = {k: v for k, v in _HIDDEN.items() if v}


def learner_view(
    kind: str, data: Mapping[str, Any], *, also_hide: Collection[str] = ()
) -> dict[str, Any]:
    """A copy of the item's public fields, without hidden tests or patch-level hints."""
    shown = PUBLIC_FIELDS.get(kind, frozenset()) - set(also_hide)
    view = {key: copy.deepcopy(value) for key, value in data.items() if key in shown}
    if kind == Kind.CODING:
        view["tests"] = [t for t in _list(view.get("tests")) if _is_visible_test(t)]
        view["hints"] = _free_hints(_list(view.get("hints")))
    return view


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _is_visible_test(test: Any) -> bool:
    return isinstance(test, Mapping) and test.get("is_hidden", False) is False


def _free_hints(hints: list[Any]) -> list[Any]:
    """Hints below the patch level; plain strings are rungs in order, as the models read them."""
    ladder = [
        {"level": HINT_LEVELS[i], "text": h} if isinstance(h, str) else h
        for i, h in enumerate(hints[: len(HINT_LEVELS)])
    ]
    return [
        h
        for h in ladder
        if isinstance(h, Mapping)
        and h.get("level") in HINT_LEVELS
        and h.get("level") != PATCH_LEVEL
    ]
