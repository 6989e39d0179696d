"""The interview questions of the content pack are complete and well formed.

Each question is one YAML file in `questions/`; a broken one fails with its name
(the test id is the file's stem). No network, no database: this only reads files.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from content.packfiles import read_pack
from contracts.catalogue import Kind, parse_item

PACK = Path(__file__).resolve().parents[2] / "services" / "content" / "pack"
QUESTIONS = sorted(PACK.glob("questions/*.yaml"))
TYPES = ("coding", "theory", "behavioral", "system_design")
DIFFICULTIES = {"easy", "medium", "hard"}
FIELDS: dict[str, type] = {
    "id": str,
    "type": str,
    "difficulty": str,
    "category": str,
    "topics": list,
    "title": str,
    "text": str,
    "hints": list,
    "follow_ups": list,
    "expected_concepts": list,
    "time_limit_minutes": int,
}
LISTS = ("topics", "hints", "follow_ups", "expected_concepts")


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def is_text_list(value: object) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, str) and v.strip() for v in value)
    )


def test_the_pack_has_enough_questions_of_every_type() -> None:
    assert len(QUESTIONS) >= 60
    types = Counter(load(p)["type"] for p in QUESTIONS)
    for kind in TYPES:
        assert types[kind] >= 15, f"only {types[kind]} {kind} questions"


def test_every_type_mixes_difficulties() -> None:
    mix = Counter((load(p)["type"], load(p)["difficulty"]) for p in QUESTIONS)
    for kind in TYPES:
        for difficulty in DIFFICULTIES:
            assert mix[kind, difficulty] >= 3, f"{kind}/{difficulty}: {mix[kind, difficulty]}"


def test_question_ids_are_unique() -> None:
    ids = [load(p)["id"] for p in QUESTIONS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("path", QUESTIONS, ids=[p.stem for p in QUESTIONS])
def test_a_question_is_complete(path: Path) -> None:
    question = load(path)
    assert isinstance(question, dict)
    for name, kind in FIELDS.items():
        assert name in question, f"missing {name}"
        value = question[name]
        assert isinstance(value, kind), f"{name} should be {kind.__name__}"
        assert not isinstance(value, bool), f"{name} should be {kind.__name__}, not a boolean"
    assert path.name == question["id"] + ".yaml"
    assert question["type"] in TYPES
    assert question["difficulty"] in DIFFICULTIES
    assert question["category"].strip()
    assert question["category"] == question["category"].lower()
    assert question["title"].strip()
    assert question["text"].strip()
    for name in LISTS:
        assert is_text_list(question[name]), f"{name} must be a non-empty list of strings"
    assert 2 <= len(question["topics"]) <= 4
    assert all(t == t.lower() for t in question["topics"])
    assert 2 <= len(question["hints"]) <= 3
    assert 2 <= len(question["follow_ups"]) <= 3
    assert 3 <= len(question["expected_concepts"]) <= 6
    assert all(c == c.lower() for c in question["expected_concepts"])
    assert 5 <= question["time_limit_minutes"] <= 45


@pytest.mark.parametrize("path", QUESTIONS, ids=[p.stem for p in QUESTIONS])
def test_the_question_model_accepts_a_question(path: Path) -> None:
    parse_item(Kind.QUESTION, load(path))


def test_the_pack_loader_reads_every_question() -> None:
    questions = [item for item in read_pack(PACK) if item.kind is Kind.QUESTION]
    assert len(questions) >= 60
    assert {item.id for item in questions} == {load(p)["id"] for p in QUESTIONS}
