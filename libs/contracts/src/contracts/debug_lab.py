"""The debug lab's shared vocabulary (seed 001): what authors, learners and the judge all name."""

from __future__ import annotations

from typing import Literal, get_args

DefectCategory = Literal[
    "Functional",
    "Concurrency",
    "Resource",
    "Distributed",
    "Heisenbug",
    "Environment",
    "Container",
    "Performance",
    "Observability",
]
Severity = Literal["Critical", "Major", "Minor", "Low"]
Priority = Literal["High", "Medium", "Low"]
Difficulty = Literal["EASY", "MEDIUM", "HARD", "EXPERT"]  # vocabulary.DebugLabDifficulty

DEFECT_CATEGORIES: tuple[str, ...] = get_args(DefectCategory)
SEVERITIES: tuple[str, ...] = get_args(Severity)  # least to most severe is reversed here
PRIORITIES: tuple[str, ...] = get_args(Priority)
DIFFICULTIES: tuple[str, ...] = get_args(Difficulty)  # easiest first
