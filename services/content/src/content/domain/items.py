"""Catalogue items: their kinds, the columns they are filtered by, and what learners may see."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, get_args

from servicekit.auth import Principal

Pattern = Literal[
    "SLIDING_WINDOW",
    "TWO_POINTERS",
    "PREFIX_SUM",
    "BINARY_SEARCH",
    "BFS",
    "DFS",
    "DYNAMIC_PROGRAMMING",
    "BACKTRACKING",
    "GREEDY",
    "HEAP",
    "TRIE",
    "UNION_FIND",
    "INTERVAL_MERGING",
]
PATTERNS: tuple[str, ...] = get_args(Pattern)


class Kind(StrEnum):
    CODING = "coding"
    SYSTEM_DESIGN = "system_design"
    TASK = "task"
    DRILL = "drill"
    QUESTION = "question"
    BUG_HUNT = "bug_hunt"
    DEBUG_LAB = "debug_lab"
    SUBJECT = "subject"

    @property
    def content_type(self) -> str:
        """The `content_type` name used in catalogue events."""
        return _CONTENT_TYPES[self]


_CONTENT_TYPES = {
    Kind.CODING: "problem",
    Kind.SYSTEM_DESIGN: "problem",
    Kind.TASK: "task",
    Kind.DRILL: "drill",
    Kind.QUESTION: "question",
    Kind.BUG_HUNT: "bug_hunt_item",
    Kind.DEBUG_LAB: "debug_lab_item",
    Kind.SUBJECT: "subject",
}

# Filterable attributes, copied out of the item into their own columns.
FILTER_FIELDS = ("title", "difficulty", "category", "pattern", "rung", "role", "type", "language")


def filter_columns(data: dict[str, Any]) -> dict[str, Any]:
    columns = {name: data.get(name) for name in FILTER_FIELDS}
    if columns["title"] is None:
        columns["title"] = data.get("name") or data.get("id")
    if columns["category"] is None and data.get("defect_category"):
        columns["category"] = data["defect_category"]
    if columns["type"] is None and data.get("drill_type"):
        columns["type"] = data["drill_type"]
    tags = [
        data.get("category"),
        data.get("defect_category"),
        *data.get("categories", []),
        *data.get("topics", []),
        *data.get("tags", []),
    ]
    columns["tags"] = "," + ",".join(sorted({str(t).lower() for t in tags if t})) + ","
    columns["search_text"] = " ".join(
        str(data.get(name) or "") for name in ("title", "name", "description", "text", "prompt")
    ).lower()
    return columns


def may_see_everything(principal: Principal | None, author_id: str | None) -> bool:
    """Authors and admins see solutions and hidden tests; everyone else the learner view."""
    if principal is None:
        return False
    return principal.is_admin or (author_id is not None and principal.user_id == author_id)


def may_change(principal: Principal, author_id: str | None) -> bool:
    return principal.is_admin or (author_id is not None and principal.user_id == author_id)
