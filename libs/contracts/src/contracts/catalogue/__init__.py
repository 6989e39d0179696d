"""Typed catalogue items: one model per kind, their learner views and their vocabulary.

- contracts.catalogue.vocabulary: Kind, difficulty scales, Track, Pattern, HintLevel, costs
- contracts.catalogue.items: CodingProblem, SystemDesignProblem, Task, Drill, Question,
  BugHuntItem, DebugLabItem, Subject; CatalogueItem (discriminated on `kind`), parse_item
- contracts.catalogue.public: Public… models (allow-lists), PublicItem, public_view
- contracts.catalogue.quality: quality_problems, the pack's bar for tasks and drills
- contracts.catalogue.parts / specs / text: the pieces, the judge's specs, bounded text
"""

from contracts.catalogue.items import (
    ITEM_ADAPTER,
    ITEM_MODELS,
    BugHuntItem,
    CatalogueItem,
    CodingProblem,
    DebugLabItem,
    Drill,
    Question,
    Subject,
    SystemDesignProblem,
    Task,
    parse_item,
)
from contracts.catalogue.public import PUBLIC_MODELS, PublicItem, public_view
from contracts.catalogue.vocabulary import Kind

__all__ = [
    "ITEM_ADAPTER",
    "ITEM_MODELS",
    "PUBLIC_MODELS",
    "BugHuntItem",
    "CatalogueItem",
    "CodingProblem",
    "DebugLabItem",
    "Drill",
    "Kind",
    "PublicItem",
    "Question",
    "Subject",
    "SystemDesignProblem",
    "Task",
    "parse_item",
    "public_view",
]
