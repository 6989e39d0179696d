"""The catalogue's words, written once: kinds, difficulty scales, tracks, patterns, hint levels."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Literal, get_args

from pydantic import Field

from contracts.debug_lab import Difficulty

# The name catalogue events use for what changed (problems share one for both kinds).
ContentType = Literal[
    "problem", "task", "drill", "question", "bug_hunt_item", "debug_lab_item", "subject"
]


class Kind(StrEnum):
    """What an item is; the `kind` field of every catalogue item."""

    CODING = "coding"
    SYSTEM_DESIGN = "system_design"
    TASK = "task"
    DRILL = "drill"
    QUESTION = "question"
    BUG_HUNT = "bug_hunt"
    DEBUG_LAB = "debug_lab"
    SUBJECT = "subject"

    @property
    def content_type(self) -> ContentType:
        """The `content_type` name catalogue events use for this kind."""
        return _CONTENT_TYPES[self]


_CONTENT_TYPES: Mapping[Kind, ContentType] = {
    Kind.CODING: "problem",
    Kind.SYSTEM_DESIGN: "problem",
    Kind.TASK: "task",
    Kind.DRILL: "drill",
    Kind.QUESTION: "question",
    Kind.BUG_HUNT: "bug_hunt_item",
    Kind.DEBUG_LAB: "debug_lab_item",
    Kind.SUBJECT: "subject",
}

# Difficulty scales: each kind keeps the scale its seed uses, easiest first.
ProblemDifficulty = Literal["easy", "medium", "hard"]  # coding, system design, questions
TaskDifficulty = Literal["beginner", "intermediate", "advanced"]
BugHuntDifficulty = Literal["EASY", "MEDIUM", "HARD"]
DebugLabDifficulty = Difficulty  # with the rest of the debug-lab taxonomy

# The engineering track a learner practises for (a task's `role`, a user's
# `selected_role`); not the access role of contracts.identity.Role.
Track = Literal["backend", "frontend", "systems", "data"]
TrackTitle = Literal["Backend Engineer", "Frontend Engineer", "Systems Engineer", "Data Engineer"]
TRACKS: tuple[Track, ...] = get_args(Track)
TRACK_TITLES: Mapping[Track, TrackTitle] = dict(zip(TRACKS, get_args(TrackTitle), strict=True))


def parse_track(value: str) -> Track:
    """The track named `value`: "backend", "Backend Engineer" or "backend engineer"."""
    word = value.strip().lower().removesuffix(" engineer").strip()
    for track in TRACKS:
        if word == track:
            return track
    raise ValueError(
        f"unknown engineering track {value!r}; one of {', '.join(TRACK_TITLES.values())}"
    )


Language = Literal["python", "javascript", "typescript"]  # what learners may code in
ProjectLanguage = Literal["python", "javascript"]  # what a debug-lab project is written in
Comparison = Literal["exact", "unordered", "float"]

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
PATTERNS: tuple[Pattern, ...] = get_args(Pattern)
Rung = Annotated[int, Field(ge=1, le=5)]

HintLevel = Literal[
    "DIRECTIONAL_QUESTION", "HEURISTIC_HINT", "CONCEPT_INJECTION", "MICRO_EXAMPLE", "PATCH_SNIPPET"
]
HINT_LEVELS: tuple[HintLevel, ...] = get_args(HintLevel)  # the ladder, gentlest first
HINT_COSTS: Mapping[HintLevel, int] = dict(zip(HINT_LEVELS, (10, 20, 30, 40, 50), strict=True))
PATCH_LEVEL: HintLevel = "PATCH_SNIPPET"  # the last rung is bought, never shown for free

DrillType = Literal["spot_assumptions", "rank_failures", "predict_scaling", "choose_tradeoffs"]
QuestionType = Literal["coding", "theory", "behavioral", "system_design"]
TaskPromptPart = Literal["assumptions", "architecture", "trade_offs", "failure_scenarios"]
TASK_PROMPT_PARTS: tuple[TaskPromptPart, ...] = get_args(TaskPromptPart)  # answer order
