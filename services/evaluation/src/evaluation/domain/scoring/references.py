"""What each kind of answer is scored against, as practice sends it in `reference`.

Built by practice from the typed catalogue item; validated here so that the scorers read
typed fields. A reference that does not validate makes the answer unscorable.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from contracts.catalogue.parts import Rubric
from contracts.debug_lab import DefectCategory, Priority, Severity


class _Reference(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class WrittenReference(_Reference):
    expected_concepts: tuple[str, ...] = Field(default=(), max_length=50)


class DesignReference(_Reference):
    rubric: Rubric = Field(default_factory=Rubric)


class BugHuntReference(_Reference):
    bug_lines: tuple[int, ...] = Field(max_length=50)
    expected_concepts: tuple[str, ...] = Field(default=(), max_length=50)


class TriageReference(_Reference):
    """The debug lab's taxonomy, and the first actions a good triage names."""

    defect_category: DefectCategory
    severity: Severity
    priority: Priority
    expected_first_actions: tuple[str, ...] = Field(default=(), max_length=50)
