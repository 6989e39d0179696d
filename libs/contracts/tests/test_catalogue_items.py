"""The typed catalogue items: seed shapes normalised, unjudgeable or unsafe items refused."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from contracts.catalogue import Kind, parse_item
from contracts.catalogue.items import CodingProblem, DebugLabItem, SystemDesignProblem, Task
from contracts.catalogue.vocabulary import HINT_COSTS, parse_track

PROBLEM: dict[str, Any] = {
    "id": "count-lanterns",
    "title": "Count the Lanterns",
    "description": "Return how many lanterns are lit.",
    "execution": {"mode": "function", "entry_point": "count_lit"},
    "tests": [{"input": [[1, 0, 1]], "expected_output": 2}],
}
LAB: dict[str, Any] = {
    "id": "lab-one",
    "title": "A lab",
    "description": "Something breaks.",
    "difficulty": "EASY",
    "language": "python",
    "files": [{"path": "src/app.py", "content": "x = 1\n"}],
    "test_command": "python -m unittest",
    "defect_category": "Functional",
    "severity": "Major",
    "priority": "High",
}


def errors_of(kind: Kind, data: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        parse_item(kind, data)
    return [".".join(str(p) for p in e["loc"]) + ": " + e["msg"] for e in caught.value.errors()]


def test_plain_string_hints_become_the_ladder_in_order() -> None:
    problem = parse_item(Kind.CODING, {**PROBLEM, "hints": ["first", "second"]})
    assert isinstance(problem, CodingProblem)
    assert [(h.level, h.text) for h in problem.hints] == [
        ("DIRECTIONAL_QUESTION", "first"),
        ("HEURISTIC_HINT", "second"),
    ]
    assert list(HINT_COSTS.values()) == [10, 20, 30, 40, 50]


def test_a_ladder_has_one_hint_per_level_and_at_most_five() -> None:
    twice = [{"level": "MICRO_EXAMPLE", "text": "a"}, {"level": "MICRO_EXAMPLE", "text": "b"}]
    assert errors_of(Kind.CODING, {**PROBLEM, "hints": twice})
    assert errors_of(Kind.CODING, {**PROBLEM, "hints": ["h"] * 6})


def test_a_problem_that_cannot_be_judged_is_refused() -> None:
    assert any(e.startswith("tests") for e in errors_of(Kind.CODING, {**PROBLEM, "tests": []}))
    no_entry = {**PROBLEM, "execution": {"mode": "function"}}
    assert any("entry_point" in e for e in errors_of(Kind.CODING, no_entry))
    assert errors_of(Kind.DEBUG_LAB, {**LAB, "test_command": "   "})[0].startswith("test_command")


def test_limits_have_ceilings() -> None:
    assert errors_of(Kind.CODING, {**PROBLEM, "time_limit_ms": 10**9})[0].startswith("time_limit")
    assert errors_of(Kind.CODING, {**PROBLEM, "memory_limit_mb": 10**6})[0].startswith("memory")


@pytest.mark.parametrize("bad", ["\ud800", "a\x00b"])
def test_text_refuses_lone_surrogates_and_nul_bytes(bad: str) -> None:
    assert errors_of(Kind.CODING, {**PROBLEM, "title": bad})[0].startswith("title")
    test = {"input": [bad], "expected_output": 1}
    assert errors_of(Kind.CODING, {**PROBLEM, "tests": [test]})[0].startswith("tests.0.input")


def test_non_finite_numbers_are_refused() -> None:
    test = {"input": [float("nan")], "expected_output": 1}
    assert errors_of(Kind.CODING, {**PROBLEM, "tests": [test]})


@pytest.mark.parametrize("path", ["../etc/passwd", "/abs", "a//b", "a/./b", "a/"])
def test_project_paths_stay_inside_the_project(path: str) -> None:
    assert errors_of(Kind.DEBUG_LAB, {**LAB, "files": [{"path": path, "content": ""}]})


def test_a_file_cannot_sit_where_another_needs_a_folder() -> None:
    files = [{"path": "a", "content": ""}, {"path": "a/b", "content": ""}]
    assert any("share a path" in e for e in errors_of(Kind.DEBUG_LAB, {**LAB, "files": files}))
    hidden = {"hidden_files": [{"path": "src/app.py/x", "content": ""}]}
    assert errors_of(Kind.DEBUG_LAB, {**LAB, **hidden})
    assert isinstance(parse_item(Kind.DEBUG_LAB, LAB), DebugLabItem)


def test_the_seed_000_task_body_is_accepted_and_normalised() -> None:
    body = {
        "id": "url-shortener",
        "title": "Design a URL Shortener",
        "description": "Design a scalable URL shortening service",
        "role": "Backend Engineer",
        "difficulty": "intermediate",
        "estimated_time_minutes": 30,
        "scenario": "You are tasked with designing a URL shortening service like bit.ly...",
        "prompts": [
            "What assumptions are you making?",
            "How would you design the architecture?",
            "What are the key trade-offs?",
            "What could go wrong?",
        ],
    }
    task = parse_item(Kind.TASK, body)
    assert isinstance(task, Task)
    assert task.role == "backend"
    assert task.estimated_time_minutes == 30
    assert task.prompts["failure_scenarios"] == "What could go wrong?"


@pytest.mark.parametrize("spelling", ["backend", "Backend Engineer", "backend engineer"])
def test_a_track_has_one_name_and_its_title_spelling(spelling: str) -> None:
    assert parse_track(spelling) == "backend"
    with pytest.raises(ValueError, match="unknown engineering track"):
        parse_track("Chef")


def test_the_seed_004_design_problem_body_is_accepted_and_normalised() -> None:
    body = {
        "id": "url-shortener-service",
        "title": "Design a URL Shortener Service",
        "description": "Design a scalable URL shortening service like bit.ly.",
        "difficulty": "medium",
        "categories": ["Web Services", "Databases", "Caching"],
        "estimated_time": "45 mins",
        "requirements": ["Generate unique short URLs", "Redirect with minimal latency"],
        "constraints": ["Short URLs should be 6-8 characters long"],
        "hints": ["Consider base62 encoding", "Think about cache invalidation"],
    }
    problem = parse_item(Kind.SYSTEM_DESIGN, body)
    assert isinstance(problem, SystemDesignProblem)
    assert problem.estimated_time == 45
    assert problem.requirements.functional[0] == "Generate unique short URLs"
    assert problem.hints == ("Consider base62 encoding", "Think about cache invalidation")


def test_the_kind_comes_from_the_caller_never_from_the_body() -> None:
    subject_like = {"id": "s-1", "name": "Sneaky", "kind": "subject"}
    assert errors_of(Kind.BUG_HUNT, subject_like)  # validated as a bug hunt, so refused
