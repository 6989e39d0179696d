"""One model per catalogue kind: what authors write, the pack holds, and events carry.

Each kind's learner view is its `Public…` base class, an allow-list: the full item
adds what it is judged against, so a field added to an item stays hidden from
learners until someone adds it to the public class (see contracts.catalogue.public).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self, cast

from pydantic import BeforeValidator, Field, TypeAdapter, model_validator

from contracts.catalogue.parts import (
    DesignRequirements,
    HintLadder,
    Minutes,
    ObservabilitySnapshot,
    Part,
    ProblemTest,
    ProjectFile,
    ProjectPath,
    Requirements,
    Rubric,
    Solution,
    TargetComplexity,
    TaskPrompts,
    TextHints,
    path_conflicts,
)
from contracts.catalogue.specs import ExecutionSpec
from contracts.catalogue.text import (
    Code,
    Document,
    Identifier,
    Label,
    Line,
    Prose,
    RequiredProse,
    Slug,
)
from contracts.catalogue.vocabulary import (
    BugHuntDifficulty,
    Comparison,
    DebugLabDifficulty,
    DrillType,
    Kind,
    Language,
    Pattern,
    ProblemDifficulty,
    ProjectLanguage,
    QuestionType,
    Rung,
    TaskDifficulty,
    Track,
    parse_track,
)
from contracts.debug_lab import DefectCategory, Priority, Severity

MAX_TIME_LIMIT_MS = 10_000
MAX_MEMORY_LIMIT_MB = 1024
MAX_PROJECT_BYTES = 512 * 1024  # every file of a debug lab together, so its events stay small

Labels = Annotated[tuple[Label, ...], Field(max_length=50)]
Concepts = Annotated[tuple[Label, ...], Field(max_length=50)]


class Item(Part):
    id: Slug


# ----- coding problems -----


class PublicCodingProblem(Item):
    kind: Literal["coding"] = "coding"
    title: Line
    description: RequiredProse
    pattern: Pattern | None = None
    rung: Rung | None = None
    difficulty: ProblemDifficulty = "medium"
    category: Label | None = None
    target_complexity: TargetComplexity | None = None
    time_limit_ms: int = Field(default=2000, ge=1, le=MAX_TIME_LIMIT_MS)
    memory_limit_mb: int = Field(default=256, ge=16, le=MAX_MEMORY_LIMIT_MB)
    execution: ExecutionSpec
    starter_code: dict[Language, Code] = Field(default_factory=dict)
    hints: HintLadder = ()  # learners: without the patch-level hint
    tests: tuple[ProblemTest, ...] = Field(default=(), max_length=200)  # learners: visible ones


class CodingProblem(PublicCodingProblem):
    tests: tuple[ProblemTest, ...] = Field(min_length=1, max_length=200)
    reference_solutions: dict[Language, Code] = Field(default_factory=dict)
    generator: Code | None = None

    @model_validator(mode="after")
    def _judgeable(self) -> Self:
        if self.execution.mode == "function":
            if not self.execution.entry_point:
                raise ValueError("execution.entry_point is required in function mode")
            if any(not isinstance(t.input, list) for t in self.tests):
                raise ValueError("in function mode each test input is the list of arguments")
        elif any(not isinstance(t.input, str) for t in self.tests):
            raise ValueError("in stdio mode each test input is the text fed on stdin")
        return self


# ----- system-design problems -----


class PublicSystemDesignProblem(Item):
    kind: Literal["system_design"] = "system_design"
    title: Line
    description: RequiredProse
    difficulty: ProblemDifficulty = "medium"
    categories: Labels = ()
    estimated_time: Minutes | None = None  # minutes
    requirements: DesignRequirements = Field(default_factory=Requirements)
    constraints: tuple[RequiredProse, ...] = Field(default=(), max_length=50)
    hints: TextHints = ()  # ordered, gentle to specific


class SystemDesignProblem(PublicSystemDesignProblem):
    rubric: Rubric = Field(default_factory=Rubric)


# ----- engineering-thinking tasks and drills (seed 000) -----


class PublicTask(Item):
    kind: Literal["task"] = "task"
    title: Line
    description: RequiredProse
    role: Annotated[Track, BeforeValidator(lambda v: parse_track(v) if isinstance(v, str) else v)]
    difficulty: TaskDifficulty
    estimated_time_minutes: Minutes | None = None
    scenario: Prose = ""
    prompts: TaskPrompts = Field(default_factory=dict)
    tags: Labels = ()


class Task(PublicTask):
    expected_concepts: Concepts = ()


class PublicDrill(Item):
    kind: Literal["drill"] = "drill"
    title: Line
    drill_type: DrillType
    scenario: Prose = ""
    question: RequiredProse
    options: tuple[RequiredProse, ...] = Field(min_length=2, max_length=8)


class Drill(PublicDrill):
    correct_answer: RequiredProse
    explanation: Prose = ""

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> Self:
        if self.correct_answer not in self.options:
            raise ValueError("correct_answer must be one of options")
        return self


# ----- interview questions (seed 002) -----


class PublicQuestion(Item):
    kind: Literal["question"] = "question"
    type: QuestionType
    difficulty: ProblemDifficulty
    category: Label
    topics: Labels = ()
    title: Line
    text: RequiredProse
    hints: TextHints = ()
    follow_ups: tuple[RequiredProse, ...] = Field(default=(), max_length=20)
    time_limit_minutes: int = Field(default=15, ge=1, le=180)


class Question(PublicQuestion):
    expected_concepts: Concepts = ()


# ----- bug hunts and debug labs (seed 001) -----


class PublicBugHuntItem(Item):
    kind: Literal["bug_hunt"] = "bug_hunt"
    title: Line
    pattern: Pattern
    difficulty: BugHuntDifficulty
    language: Language
    prompt: RequiredProse
    code: Annotated[Code, Field(min_length=1)]


class BugHuntItem(PublicBugHuntItem):
    bug_lines: tuple[Annotated[int, Field(ge=1)], ...] = Field(min_length=1, max_length=50)
    expected_concepts: Concepts = ()
    explanation: Prose = ""
    hint: Prose = ""  # shown after a first wrong answer
    fixed_code: Code | None = None
    entry_point: Identifier | None = None  # for `tests`: the pack check runs both programs
    comparison: Comparison = "exact"
    tests: tuple[ProblemTest, ...] = Field(default=(), max_length=50)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        count = len(self.code.splitlines())
        if any(line > count for line in self.bug_lines):
            raise ValueError(f"bug_lines must be between 1 and {count}")
        if self.tests and not self.entry_point:
            raise ValueError("entry_point is required when the item has tests")
        return self


class PublicDebugLabItem(Item):
    kind: Literal["debug_lab"] = "debug_lab"
    title: Line
    description: RequiredProse
    difficulty: DebugLabDifficulty
    language: ProjectLanguage
    files: tuple[ProjectFile, ...] = Field(min_length=1, max_length=100)
    test_command: Line  # run in the project folder; never blank
    visible_tests: tuple[ProjectPath, ...] = Field(default=(), max_length=50)
    signals: Labels = ()
    tools_expected: Labels = ()
    required_triage: bool = True
    observability_snapshot: ObservabilitySnapshot | None = None


class DebugLabItem(PublicDebugLabItem):
    defect_category: DefectCategory  # the triage answers: learners earn them by triaging
    severity: Severity
    priority: Priority
    expected_first_actions: Labels = ()
    hidden_tests: tuple[ProjectPath, ...] = Field(default=(), max_length=50)
    hidden_files: tuple[ProjectFile, ...] = Field(default=(), max_length=50)
    solution: Solution = Field(default_factory=Solution)

    @model_validator(mode="after")
    def _writable(self) -> Self:
        for name, files in (("files", self.files), ("hidden_files", self.hidden_files)):
            paths = [f.path for f in files]
            if len(set(paths)) != len(paths):
                raise ValueError(f"{name}: each path appears once")
        laid_over = [f.path for f in (*self.files, *self.hidden_files)] + list(self.solution.files)
        if conflicts := path_conflicts(laid_over):
            raise ValueError(f"a file and a folder share a path: {', '.join(conflicts)}")
        size = sum(len(f.content.encode()) for f in (*self.files, *self.hidden_files))
        size += sum(len(text.encode()) for text in self.solution.files.values())
        if size > MAX_PROJECT_BYTES:
            raise ValueError(f"the project's files exceed {MAX_PROJECT_BYTES} bytes")
        return self


# ----- subjects (seed 003) -----


class PublicSubject(Item):
    kind: Literal["subject"] = "subject"
    name: Line
    code: Annotated[Label, Field(max_length=20)] | None = None
    description: Prose = ""
    guide: Document = ""  # the teaching guide, markdown
    topics: Labels = ()
    professor_id: Annotated[str, Field(max_length=64)] | None = None


class Subject(PublicSubject):
    pass


# ----- any item -----

CatalogueItem = Annotated[
    CodingProblem
    | SystemDesignProblem
    | Task
    | Drill
    | Question
    | BugHuntItem
    | DebugLabItem
    | Subject,
    Field(discriminator="kind"),
]
ITEM_MODELS: Mapping[Kind, type[Item]] = {
    Kind.CODING: CodingProblem,
    Kind.SYSTEM_DESIGN: SystemDesignProblem,
    Kind.TASK: Task,
    Kind.DRILL: Drill,
    Kind.QUESTION: Question,
    Kind.BUG_HUNT: BugHuntItem,
    Kind.DEBUG_LAB: DebugLabItem,
    Kind.SUBJECT: Subject,
}
ITEM_ADAPTER: TypeAdapter[CatalogueItem] = TypeAdapter(CatalogueItem)


def parse_item(kind: Kind | str, data: Mapping[str, Any]) -> CatalogueItem:
    """Validate `data` as an item of `kind`; a `kind` inside `data` is ignored.

    Raises pydantic.ValidationError with a field path for each error.
    """
    kind = Kind(kind)
    return cast("CatalogueItem", ITEM_MODELS[kind].model_validate({**data, "kind": kind.value}))
