"""Catalogue rows: the columns items are filtered by, which kind a body is, who sees what."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from content.domain.errors import InvalidItem
from contracts.catalogue import CatalogueItem, Kind
from contracts.catalogue.items import Drill, Subject, Task
from servicekit.auth import Principal

# Filterable attributes, copied out of the item into their own columns.
FILTER_FIELDS = (
    "title",
    "difficulty",
    "category",
    "pattern",
    "rung",
    "role",
    "type",
    "language",
    "professor_id",
)
_TAG_FIELDS = ("categories", "topics", "tags")
_SEARCHED_FIELDS = ("description", "text", "prompt")

# Seed 004 posts design problems to /problems without a `kind`: these fields say which it is.
_DESIGN_FIELDS = frozenset(
    {"requirements", "constraints", "estimated_time", "categories", "rubric"}
)
_CODING_FIELDS = frozenset({"execution", "tests", "starter_code", "reference_solutions"})


def filter_columns(item: CatalogueItem) -> dict[str, Any]:
    """The filter columns of `item`; kinds share a column when they share the field's name."""
    title = item.name if isinstance(item, Subject) else item.title
    columns: dict[str, Any] = {name: getattr(item, name, None) for name in FILTER_FIELDS}
    columns["title"] = title
    columns["category"] = columns["category"] or getattr(item, "defect_category", None)
    if isinstance(item, Drill):
        columns["type"] = item.drill_type
    tags = [columns["category"]] + [t for name in _TAG_FIELDS for t in getattr(item, name, ())]
    columns["tags"] = "," + ",".join(sorted({t.lower() for t in tags if t})) + ","
    searched = [title, *(getattr(item, name, None) or "" for name in _SEARCHED_FIELDS)]
    columns["search_text"] = " ".join(searched).lower()
    return columns


def duplicate_keys(item: Task | Drill) -> dict[str, str]:
    """The learner-facing text that makes two items the same one, trimmed and lowercased.

    Equal titles, or an equal prompt (a task's scenario; a drill's scenario and question),
    make a duplicate: rewording the title of the same exercise does not make a new one.
    """
    fields = ("scenario",) if isinstance(item, Task) else ("scenario", "question")
    return {name: getattr(item, name).strip().lower() for name in fields}


def problem_kind(body: Mapping[str, Any]) -> Kind:
    """A problem body without `kind` is a design problem when only design fields say what it is."""
    fields = set(body)
    if fields & _DESIGN_FIELDS and not fields & _CODING_FIELDS:
        return Kind.SYSTEM_DESIGN
    return Kind.CODING


def kind_to_create(body: dict[str, Any], kinds: tuple[Kind, ...]) -> Kind:
    """The kind a POST creates: one of the route's `kinds`, never another one a body names."""
    named = body.get("kind")
    if named is None:
        return problem_kind(body) if Kind.CODING in kinds else kinds[0]
    for kind in kinds:
        if named == kind.value:
            return kind
    names = ", ".join(k.value for k in kinds)
    raise InvalidItem(loc="kind", msg=f"must be one of: {names}")


def may_see_everything(principal: Principal | None, author_id: str | None) -> bool:
    """Authors and admins see solutions and hidden tests; everyone else the learner view."""
    if principal is None:
        return False
    return principal.is_admin or (author_id is not None and principal.user_id == author_id)


def may_change(principal: Principal, author_id: str | None) -> bool:
    return principal.is_admin or (author_id is not None and principal.user_id == author_id)
