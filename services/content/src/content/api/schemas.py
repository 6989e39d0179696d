"""Request bodies of content's routes; items are open documents (see docs/content-pack.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.debug_lab import DefectCategory, Difficulty, Priority, Severity


class ItemBody(BaseModel):
    """An item as an author writes it: the fields of its kind, validated loosely."""

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{1,118}$")
    title: str | None = Field(default=None, min_length=1, max_length=300)


class ProblemBody(ItemBody):
    kind: Literal["coding", "system_design"] = "coding"
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(min_length=1)
    difficulty: Literal["easy", "medium", "hard"] = "medium"


class ItemPatch(BaseModel):
    model_config = ConfigDict(extra="allow")

    def changes(self) -> dict[str, Any]:
        data = self.model_dump(exclude_unset=True)
        data.pop("id", None)
        data.pop("kind", None)
        return data


Difficulty3 = Literal["easy", "medium", "hard"]
UpperDifficulty = Literal["EASY", "MEDIUM", "HARD"]


class TaskBody(ItemBody):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(min_length=1)
    role: Literal["backend", "frontend", "systems", "data"]
    difficulty: Literal["beginner", "intermediate", "advanced"]
    scenario: str = ""
    prompts: dict[str, str] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    expected_concepts: list[str] = Field(default_factory=list)


class DrillBody(ItemBody):
    title: str = Field(min_length=1, max_length=300)
    drill_type: Literal["spot_assumptions", "rank_failures", "predict_scaling", "choose_tradeoffs"]
    scenario: str = ""
    question: str = Field(min_length=1)
    options: list[str] = Field(min_length=2, max_length=8)
    correct_answer: str
    explanation: str = ""

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> DrillBody:
        if self.correct_answer not in self.options:
            raise ValueError("correct_answer must be one of options")
        return self


class QuestionBody(ItemBody):
    type: Literal["coding", "theory", "behavioral", "system_design"]
    difficulty: Difficulty3
    category: str = Field(min_length=1, max_length=100)
    topics: list[str] = Field(default_factory=list)
    title: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1)
    hints: list[str] = Field(default_factory=list)
    follow_ups: list[str] = Field(default_factory=list)
    expected_concepts: list[str] = Field(default_factory=list)
    time_limit_minutes: int = Field(default=15, ge=1, le=180)


class BugHuntBody(ItemBody):
    title: str = Field(min_length=1, max_length=300)
    pattern: str = Field(min_length=1, max_length=40)
    difficulty: UpperDifficulty
    language: Literal["python", "javascript", "typescript"]
    prompt: str = Field(min_length=1)
    code: str = Field(min_length=1)
    bug_lines: list[int] = Field(min_length=1)
    expected_concepts: list[str] = Field(default_factory=list)
    explanation: str = ""
    hint: str = ""

    @model_validator(mode="after")
    def _bug_lines_exist(self) -> BugHuntBody:
        count = len(self.code.splitlines())
        if any(not 1 <= line <= count for line in self.bug_lines):
            raise ValueError(f"bug_lines must be between 1 and {count}")
        return self


class ProjectFile(BaseModel):
    path: str = Field(min_length=1, max_length=300, pattern=r"^[\w][\w./-]*$")
    content: str
    editable: bool = True

    @model_validator(mode="after")
    def _stays_inside_the_project(self) -> ProjectFile:
        if ".." in self.path.split("/"):
            raise ValueError("path must stay inside the project")
        return self


class DebugLabBody(ItemBody):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(min_length=1)
    difficulty: Difficulty
    language: Literal["python", "javascript"]
    files: list[ProjectFile] = Field(min_length=1)
    test_command: str = Field(min_length=1)
    defect_category: DefectCategory
    severity: Severity
    priority: Priority
    signals: list[str] = Field(default_factory=list)
    hidden_files: list[ProjectFile] = Field(default_factory=list)


class SubjectBody(ItemBody):
    name: str = Field(min_length=1, max_length=200)
    code: str | None = Field(default=None, max_length=20)
    description: str = ""
    guide: str = ""
    topics: list[str] = Field(default_factory=list)
    professor_id: str | None = None
