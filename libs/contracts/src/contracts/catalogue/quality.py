"""The bar a task or drill must clear to be served, beyond its model: what the pack's items meet.

The models say what is well formed; these rules say what is worth a learner's time (a scenario
with substance, every answer part prompted, options to weigh). Generated items are held to them
before they are stored.
"""

from __future__ import annotations

from contracts.catalogue.items import Drill, Task
from contracts.catalogue.vocabulary import TASK_PROMPT_PARTS

MIN_TITLE = 8
MIN_DESCRIPTION = 20
MIN_TASK_SCENARIO = 200
MIN_CONCEPTS = 3
MIN_DRILL_SCENARIO = 100
MIN_OPTIONS = 3
MIN_EXPLANATION = 50


def quality_problems(item: Task | Drill) -> list[str]:
    """What keeps `item` below the pack's bar, one sentence each; empty when it clears it."""
    problems: list[str] = []
    if len(item.title.strip()) < MIN_TITLE:
        problems.append(f"title: at least {MIN_TITLE} characters")
    if isinstance(item, Task):
        if len(item.description.strip()) < MIN_DESCRIPTION:
            problems.append(f"description: at least {MIN_DESCRIPTION} characters")
        if len(item.scenario.strip()) < MIN_TASK_SCENARIO:
            problems.append(f"scenario: at least {MIN_TASK_SCENARIO} characters")
        missing = [p for p in TASK_PROMPT_PARTS if not item.prompts.get(p, "").strip()]
        if missing:
            problems.append(f"prompts: one for each answer part, missing {', '.join(missing)}")
        if len(item.expected_concepts) < MIN_CONCEPTS:
            problems.append(f"expected_concepts: at least {MIN_CONCEPTS}")
        return problems
    if len(item.scenario.strip()) < MIN_DRILL_SCENARIO:
        problems.append(f"scenario: at least {MIN_DRILL_SCENARIO} characters")
    if len(item.options) < MIN_OPTIONS:
        problems.append(f"options: at least {MIN_OPTIONS}")
    if len({" ".join(o.lower().split()) for o in item.options}) != len(item.options):
        problems.append("options: each one different")
    if len(item.explanation.strip()) < MIN_EXPLANATION:
        problems.append(f"explanation: at least {MIN_EXPLANATION} characters")
    return problems
