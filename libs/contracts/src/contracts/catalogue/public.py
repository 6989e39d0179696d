"""What learners see of an item: its public model, one rule for content and practice.

A public model is an allow-list: only its own fields are copied from the item. On top
of that a coding problem shows only its visible tests and the hints below the patch
level. Practice adds what a flow earns (a bug hunt's hint after a wrong answer, a
debug lab's taxonomy after triage) on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, cast

from pydantic import Field

from contracts.catalogue.items import (
    CatalogueItem,
    CodingProblem,
    Item,
    PublicBugHuntItem,
    PublicCodingProblem,
    PublicDebugLabItem,
    PublicDrill,
    PublicQuestion,
    PublicSubject,
    PublicSystemDesignProblem,
    PublicTask,
)
from contracts.catalogue.vocabulary import PATCH_LEVEL, Kind

PublicItem = Annotated[
    PublicCodingProblem
    | PublicSystemDesignProblem
    | PublicTask
    | PublicDrill
    | PublicQuestion
    | PublicBugHuntItem
    | PublicDebugLabItem
    | PublicSubject,
    Field(discriminator="kind"),
]

PUBLIC_MODELS: Mapping[Kind, type[Item]] = {
    Kind.CODING: PublicCodingProblem,
    Kind.SYSTEM_DESIGN: PublicSystemDesignProblem,
    Kind.TASK: PublicTask,
    Kind.DRILL: PublicDrill,
    Kind.QUESTION: PublicQuestion,
    Kind.BUG_HUNT: PublicBugHuntItem,
    Kind.DEBUG_LAB: PublicDebugLabItem,
    Kind.SUBJECT: PublicSubject,
}


def public_view(item: CatalogueItem) -> PublicItem:
    """The learner's view of `item`: its public model's fields, answers left out."""
    kind = Kind(item.kind)
    fields = set(PUBLIC_MODELS[kind].model_fields)
    data = {name: getattr(item, name) for name in fields}
    if isinstance(item, CodingProblem):
        data["tests"] = tuple(t for t in item.tests if not t.is_hidden)
        data["hints"] = tuple(h for h in item.hints if h.level != PATCH_LEVEL)
    return cast("PublicItem", PUBLIC_MODELS[kind].model_validate(data))
