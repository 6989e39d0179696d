"""The bar generated items are held to is the one the pack's tasks and drills already clear."""

from __future__ import annotations

import pytest

from content.config import DEFAULT_PACK
from content.domain.items import duplicate_keys
from content.packfiles import PackItem, read_pack
from contracts.catalogue.items import Drill, Task
from contracts.catalogue.quality import quality_problems

PACK = [p for p in read_pack(DEFAULT_PACK) if isinstance(p.item, Task | Drill)]


@pytest.mark.parametrize("pack_item", PACK, ids=[p.id for p in PACK])
def test_every_pack_task_and_drill_clears_the_bar(pack_item: PackItem) -> None:
    assert isinstance(pack_item.item, Task | Drill)
    assert quality_problems(pack_item.item) == []


def test_a_thin_drill_falls_below_the_bar_with_each_reason() -> None:
    drill = Drill(
        id="thin",
        title="Thin",
        drill_type="rank_failures",
        scenario="Short.",
        question="Which?",
        options=("A", "a"),
        correct_answer="A",
    )
    assert quality_problems(drill) == [
        "title: at least 8 characters",
        "scenario: at least 100 characters",
        "options: at least 3",
        "options: each one different",
        "explanation: at least 50 characters",
    ]


def test_a_drill_is_the_same_one_when_its_scenario_and_question_are() -> None:
    drill = next(p.item for p in PACK if isinstance(p.item, Drill))
    assert isinstance(drill, Drill)
    keys = duplicate_keys(drill)
    assert set(keys) == {"scenario", "question"}
    assert all(v == v.strip().lower() for v in keys.values())
