"""The pack's subjects (courses) are complete and their teaching guides are substantial.

A tutor chatbot is grounded in each guide, so a thin or unstructured guide fails the build
with the subject's id (the test id is the file stem).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from content.packfiles import read_pack
from contracts.catalogue import Kind

PACK = Path(__file__).resolve().parents[2] / "services" / "content" / "pack"
SUBJECTS = sorted(PACK.glob("subjects/*.yaml"))
FIELDS = ("id", "name", "code", "description", "guide", "topics")
MIN_GUIDE_WORDS = 1500
MIN_HEADINGS = 5
HEADING = re.compile(r"^## \S", re.MULTILINE)


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def word_count(text: str) -> int:
    return len(text.split())


def test_the_pack_has_at_least_four_subjects() -> None:
    assert len(SUBJECTS) >= 4


def test_subject_ids_and_codes_are_unique() -> None:
    subjects = [load(p) for p in SUBJECTS]
    ids = [s["id"] for s in subjects]
    codes = [s["code"] for s in subjects]
    assert len(set(ids)) == len(ids), f"duplicate ids: {ids}"
    assert len(set(codes)) == len(codes), f"duplicate codes: {codes}"


@pytest.mark.parametrize("path", SUBJECTS, ids=[p.stem for p in SUBJECTS])
def test_a_subject_is_complete(path: Path) -> None:
    subject = load(path)
    missing = [f for f in FIELDS if not subject.get(f)]
    assert not missing, f"{path.stem}: missing {missing}"
    assert subject["id"] == path.stem
    for field in ("name", "code", "description", "guide"):
        assert isinstance(subject[field], str), f"{path.stem}: {field} is not text"
    topics = subject["topics"]
    assert isinstance(topics, list)
    assert 4 <= len(topics) <= 8, f"{path.stem}: {len(topics)} topics"
    assert all(isinstance(t, str) and t == t.lower() for t in topics)


@pytest.mark.parametrize("path", SUBJECTS, ids=[p.stem for p in SUBJECTS])
def test_a_subject_guide_is_real_teaching_material(path: Path) -> None:
    guide = load(path)["guide"]
    words = word_count(guide)
    assert words >= MIN_GUIDE_WORDS, (
        f"{path.stem}: guide has {words} words, needs at least {MIN_GUIDE_WORDS}"
    )
    headings = len(HEADING.findall(guide))
    assert headings >= MIN_HEADINGS, (
        f"{path.stem}: guide has {headings} '## ' headings, needs at least {MIN_HEADINGS}"
    )


def test_the_pack_loader_reads_the_subjects() -> None:
    subjects = [item for item in read_pack(PACK) if item.kind is Kind.SUBJECT]
    assert len(subjects) >= 4
    assert {item.id for item in subjects} == {p.stem for p in SUBJECTS}
    assert all(item.data["kind"] == Kind.SUBJECT.value for item in subjects)
