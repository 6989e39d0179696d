"""The pieces items are built of: hints, tests, rubrics, project files, observability."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from contracts.catalogue.specs import TestSpec
from contracts.catalogue.text import Code, JsonData, Label, Prose, RequiredProse, SafeStr
from contracts.catalogue.vocabulary import HINT_LEVELS, TASK_PROMPT_PARTS, HintLevel, TaskPromptPart


class Part(BaseModel):
    """Base of every catalogue model: frozen, finite numbers, unknown fields dropped.

    Unknown fields are dropped (not refused) so that a reader on an older model
    still reads an item a newer producer added a field to.
    """

    model_config = ConfigDict(frozen=True, extra="ignore", allow_inf_nan=False)


class Hint(Part):
    level: HintLevel
    text: RequiredProse


def _ladder(value: Any) -> Any:
    """Plain-string hints (seeds 001 and 004) become the ladder's rungs in order."""
    if not isinstance(value, list | tuple):
        return value
    if len(value) > len(HINT_LEVELS):
        raise ValueError(f"at most {len(HINT_LEVELS)} hints, one per level")
    return [
        {"level": HINT_LEVELS[i], "text": h} if isinstance(h, str) else h
        for i, h in enumerate(value)
    ]


def _one_per_level_in_order(hints: tuple[Hint, ...]) -> tuple[Hint, ...]:
    ordered = tuple(sorted(hints, key=lambda h: HINT_LEVELS.index(h.level)))
    if len({h.level for h in ordered}) != len(ordered):
        raise ValueError("each hint level may appear once")
    return ordered


HintLadder = Annotated[
    tuple[Hint, ...], BeforeValidator(_ladder), AfterValidator(_one_per_level_in_order)
]


def _texts(value: Any) -> Any:
    """Hints written as ladder objects in a plain list keep their text."""
    if isinstance(value, list | tuple):
        return [h.get("text", h) if isinstance(h, dict) else h for h in value]
    return value


TextHints = Annotated[tuple[RequiredProse, ...], BeforeValidator(_texts), Field(max_length=20)]


class ProblemTest(TestSpec):
    """One test of a problem as authors write it: bounded JSON, an optional explanation."""

    model_config = ConfigDict(frozen=True, extra="ignore", allow_inf_nan=False)

    input: JsonData
    expected_output: JsonData
    explanation: Prose | None = None


class Complexity(Part):
    time: Label | None = None
    space: Label | None = None


def _complexity(value: Any) -> Any:
    """Seed 001 writes the target complexity as one string: the time bound."""
    return {"time": value} if isinstance(value, str) else value


TargetComplexity = Annotated[Complexity, BeforeValidator(_complexity)]


class RubricEntry(Part):
    name: Label
    keywords: tuple[Label, ...] = Field(min_length=1, max_length=50)
    weight: int = Field(default=1, ge=1, le=10)
    why: Prose = ""


class Rubric(Part):
    components: tuple[RubricEntry, ...] = Field(default=(), max_length=50)
    trade_offs: tuple[RubricEntry, ...] = Field(default=(), max_length=50)


class Requirements(Part):
    functional: tuple[RequiredProse, ...] = Field(default=(), max_length=50)
    non_functional: tuple[RequiredProse, ...] = Field(default=(), max_length=50)


def _requirements(value: Any) -> Any:
    """Seed 004 lists requirements without saying which are functional: they all are."""
    return {"functional": value} if isinstance(value, list | tuple) else value


DesignRequirements = Annotated[Requirements, BeforeValidator(_requirements)]


def _minutes(value: Any) -> Any:
    """Seed 004 writes durations as text ("45 mins"): the leading number counts."""
    if isinstance(value, str) and (match := re.match(r"\s*(\d{1,4})\b", value)):
        return int(match.group(1))
    return value


Minutes = Annotated[int, BeforeValidator(_minutes), Field(ge=1, le=600)]


def _prompts(value: Any) -> Any:
    """Seed 000 lists a task's prompts; they ask for the answer's parts in order."""
    if not isinstance(value, list | tuple):
        return value
    if len(value) > len(TASK_PROMPT_PARTS):
        raise ValueError(f"at most {len(TASK_PROMPT_PARTS)} prompts, one per answer part")
    return dict(zip(TASK_PROMPT_PARTS, value, strict=False))


TaskPrompts = Annotated[dict[TaskPromptPart, Prose], BeforeValidator(_prompts)]


# ----- project files (debug labs) -----


def _writable_path(path: str) -> str:
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise ValueError("path must be relative, inside the project, without empty parts")
    return path


ProjectPath = Annotated[
    SafeStr,
    Field(min_length=1, max_length=300, pattern=r"^[\w][\w.@+-]*(/[\w.@+-]+)*$"),
    AfterValidator(_writable_path),
]


class ProjectFile(Part):
    path: ProjectPath
    content: Code = ""
    editable: bool = True


def path_conflicts(paths: Iterable[str]) -> list[str]:
    """Paths that cannot all be written: a file where another needs a folder (`a` and `a/b`)."""
    unique = set(paths)
    folders = {"/".join(p.split("/")[:i]) for p in unique for i in range(1, p.count("/") + 1)}
    return sorted(unique & folders)


class Solution(Part):
    explanation: Prose = ""
    files: dict[ProjectPath, Code] = Field(default_factory=dict, max_length=100)


class RedSample(Part):
    """Rate, errors, duration of one service."""

    service: Label | None = None
    rate: float | None = None
    error_rate: float | None = None
    duration: dict[Label, float] = Field(default_factory=dict, max_length=10)


class UseSample(Part):
    """Utilisation, saturation, errors of one resource."""

    resource: Label
    utilization: float | None = None
    saturation: float | None = None
    errors: int | None = None


class ObservabilitySnapshot(Part):
    red: tuple[RedSample, ...] = Field(default=(), max_length=20)
    use: tuple[UseSample, ...] = Field(default=(), max_length=20)
    logs: tuple[Annotated[SafeStr, Field(max_length=2_000)], ...] = Field(
        default=(), max_length=200
    )
