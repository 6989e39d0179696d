"""What a generation asks for, and whether a provider's answer is a catalogue item worth sending.

A provider answers with the item as JSON. It is read with the catalogue's own models
(contracts.catalogue) and held to the pack's bar (contracts.catalogue.quality), so an item
that content would refuse is caught here first, and a model's bad answer can fall back.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError

from contracts.catalogue.items import Drill, Task, parse_item
from contracts.catalogue.quality import quality_problems
from contracts.catalogue.vocabulary import TRACK_TITLES, DrillType, TaskDifficulty, Track

ItemKind = Literal["task", "drill"]
MAX_TAKEN_TITLES = 200  # what a model is shown of the catalogue to steer clear of
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


class InvalidDraft(ValueError):
    """A provider's answer is not a valid item of the kind asked for, or falls below the bar."""


@dataclass(frozen=True)
class GenerationSpec:
    """One item to compose: its kind and the task's track and difficulty or the drill's type."""

    kind: ItemKind
    role: Track = "backend"
    difficulty: TaskDifficulty = "intermediate"
    drill_type: DrillType = "spot_assumptions"
    # Lowercased titles the catalogue has already: a new item must not repeat one.
    taken_titles: frozenset[str] = field(default_factory=frozenset)

    def brief(self) -> str:
        """The request in words, for a model."""
        if self.kind == "task":
            what = f"one {self.difficulty} engineering task for a {TRACK_TITLES[self.role]}"
        else:
            what = f"one {self.drill_type} thinking drill"
        taken = sorted(self.taken_titles)[:MAX_TAKEN_TITLES]
        avoid = "\n".join(f"- {t}" for t in taken) or "- (none)"
        return f"Write {what}.\nTitles already taken (do not repeat one):\n{avoid}"

    def accepts(self, text: str) -> bool:
        try:
            parse_draft(text, self)
        except InvalidDraft:
            return False
        return True


def parse_draft(text: str, spec: GenerationSpec) -> Task | Drill:
    """The answer as a typed item of the kind asked for; InvalidDraft says what is wrong."""
    try:
        data = json.loads(_FENCE.sub("", text.strip()))
    except json.JSONDecodeError as exc:
        raise InvalidDraft(f"not JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise InvalidDraft("not a JSON object")
    fixed: dict[str, Any] = {**data, "id": item_id(str(data.get("title") or spec.kind))}
    if spec.kind == "task":
        fixed.update(role=spec.role, difficulty=spec.difficulty)
    else:
        fixed.update(drill_type=spec.drill_type)
    try:
        item = parse_item(spec.kind, fixed)
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in exc.errors()
        )
        raise InvalidDraft(reasons[:1000]) from None
    assert isinstance(item, Task | Drill)
    if problems := quality_problems(item):
        raise InvalidDraft("; ".join(problems))
    if item.title.strip().lower() in spec.taken_titles:
        raise InvalidDraft(f"the catalogue already has an item titled {item.title!r}")
    return item


def item_id(title: str) -> str:
    """A generated item's id: its title as a slug, so a repeated title is a repeated id too."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:100]
    return f"gen-{slug or 'item'}"
