"""Versioned prompt files shipped in the package: a change is a new file, never an edit."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from coach.domain.answers import Purpose

VERSIONS: dict[Purpose, str] = {
    "tutor": "tutor.v1",
    "feedback": "feedback.v1",
    "design": "design.v1",
    "generation": "generation.v1",
    "gate": "gate.v1",
    "interview": "interview.v1",
}


@dataclass(frozen=True)
class PromptTemplate:
    version: str
    text: str


@cache
def template(purpose: Purpose) -> PromptTemplate:
    version = VERSIONS[purpose]
    text = resources.files("coach.prompts").joinpath(f"{version}.md").read_text(encoding="utf-8")
    return PromptTemplate(version=version, text=text)
