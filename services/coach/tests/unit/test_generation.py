"""Generation on fakes: the built-in provider's items are valid and new, jobs reach an end."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from itertools import product
from typing import get_args

import pytest

from coach.db.tables import IndexedItem
from coach.domain.answers import Answer, Prompt
from coach.domain.generation import GenerationSpec, InvalidDraft, parse_draft
from coach.providers.builtin import BuiltinProvider
from coach.providers.composer import compose
from coach.services import generation
from contracts.catalogue.items import Drill, Task
from contracts.catalogue.quality import quality_problems
from contracts.catalogue.vocabulary import TRACKS, DrillType, TaskDifficulty
from contracts.coach import ItemGenerated
from contracts.content import GeneratedItemSettled

from .fakes import FakeUnitOfWork

NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)
SPECS = [
    GenerationSpec("task", role=role, difficulty=difficulty)
    for role, difficulty in product(TRACKS, get_args(TaskDifficulty))
] + [GenerationSpec("drill", drill_type=t) for t in get_args(DrillType)]


class BrokenModel:
    """A provider whose answer is not an item at all."""

    name, model = "openai", "broken-1"

    async def answer(self, prompt: Prompt) -> Answer:
        return Answer(
            text="Sure! Here is a task.",
            provider=self.name,
            model=self.model,
            prompt_version="generation.v1",
            latency_ms=1.0,
        )


@pytest.mark.parametrize(
    "spec", SPECS, ids=lambda s: f"{s.kind}-{s.role}-{s.difficulty}-{s.drill_type}"
)
async def test_the_builtin_provider_writes_a_valid_item_that_clears_the_bar(
    spec: GenerationSpec,
) -> None:
    answer = await BuiltinProvider("m").answer(Prompt(purpose="generation", generation=spec))
    item = parse_draft(answer.text, spec)
    assert isinstance(item, Task if spec.kind == "task" else Drill)
    assert quality_problems(item) == []
    assert answer.prompt_version == "generation.v1"
    if isinstance(item, Task):
        assert (item.role, item.difficulty) == (spec.role, spec.difficulty)
        assert set(item.prompts) == {
            "assumptions",
            "architecture",
            "trade_offs",
            "failure_scenarios",
        }
    else:
        assert item.drill_type == spec.drill_type
        assert item.correct_answer in item.options
    assert "{" not in answer.text.replace('{"', "").replace("{}", "")  # every placeholder filled


def test_the_same_request_on_the_same_catalogue_gives_the_same_item() -> None:
    spec = GenerationSpec("task", role="data")
    assert compose(spec) == compose(spec)


def test_repeated_generation_never_repeats_a_title() -> None:
    taken: frozenset[str] = frozenset()
    for _ in range(120):  # past the bank's topics and products: variants are numbered
        item = compose(GenerationSpec("drill", drill_type="rank_failures", taken_titles=taken))
        assert item["title"].lower() not in taken
        taken |= {item["title"].lower()}


def test_a_draft_with_a_taken_title_or_below_the_bar_is_refused() -> None:
    spec = GenerationSpec("task", role="backend")
    draft = compose(spec)
    with pytest.raises(InvalidDraft, match="already has"):
        parse_draft(
            json.dumps(draft),
            GenerationSpec("task", taken_titles=frozenset({draft["title"].lower()})),
        )
    with pytest.raises(InvalidDraft, match="scenario"):
        parse_draft(json.dumps({**draft, "scenario": "Too short."}), spec)
    with pytest.raises(InvalidDraft, match="not JSON"):
        parse_draft("Here you go", spec)


def test_a_model_answer_in_a_code_fence_is_read() -> None:
    spec = GenerationSpec("drill", drill_type="choose_tradeoffs")
    fenced = "```json\n" + json.dumps(compose(spec)) + "\n```"
    assert isinstance(parse_draft(fenced, spec), Drill)


async def _start(uow: FakeUnitOfWork, request: generation.JobRequest, provider: object = None):
    return await generation.start_job(
        uow=uow,
        provider=provider or BuiltinProvider("m"),  # type: ignore[arg-type]
        request=request,
        requested_by="admin-1",
        trigger="manual",
        now=NOW,
        deadline_after=timedelta(minutes=10),
    )


async def test_a_task_job_sends_the_item_to_content_and_waits() -> None:
    uow = FakeUnitOfWork()
    job = await _start(uow, generation.task_request(GenerationSpec("task", role="frontend")))
    [event] = uow.events
    assert isinstance(event, ItemGenerated)
    assert event.job_id == job.id
    assert event.requested_by == "admin-1"
    assert job.status == "pending"
    assert job.items[0]["outcome"] == "pending"
    assert job.items[0]["provider"] == "builtin"
    assert uow.commits == 1


async def test_generation_avoids_titles_the_catalogue_has() -> None:
    uow = FakeUnitOfWork()
    first = compose(GenerationSpec("task", role="systems"))
    uow.catalogue.add_item(IndexedItem(id="x", kind="task", title=first["title"]))
    await _start(uow, generation.task_request(GenerationSpec("task", role="systems")))
    [event] = uow.events
    assert isinstance(event, ItemGenerated)
    assert event.item.title != first["title"]


async def test_back_to_back_jobs_write_different_items_before_content_announces_them() -> None:
    uow = FakeUnitOfWork()
    spec = GenerationSpec("task", role="backend")
    first = await _start(uow, generation.task_request(spec))
    second = await _start(uow, generation.task_request(spec))
    assert first.items[0]["title"] != second.items[0]["title"]


async def test_the_daily_job_has_one_task_per_track_with_different_titles() -> None:
    uow = FakeUnitOfWork()
    job = await _start(uow, generation.daily_request("advanced"))
    assert [i["role"] for i in job.items] == list(TRACKS)
    assert len({i["title"] for i in job.items}) == len(TRACKS)


async def test_a_job_completes_when_content_stores_its_item_and_fails_on_a_duplicate() -> None:
    uow = FakeUnitOfWork()
    job = await _start(uow, generation.daily_request("beginner"))
    for n, item in enumerate(job.items):
        outcome = "duplicate" if n == 0 else "stored"
        await generation.record_outcome(
            uow=uow,
            event=GeneratedItemSettled(
                job_id=job.id,
                item_id=item["item_id"],
                outcome=outcome,
                duplicate_of="older" if n == 0 else None,
            ),
            now=NOW,
        )
    assert job.status == "completed"
    assert job.finished_at == NOW
    assert job.message == "Successfully generated 3 daily tasks; 1 refused"
    assert job.items[0]["duplicate_of"] == "older"

    single = await _start(uow, generation.task_request(GenerationSpec("task")))
    await generation.record_outcome(
        uow=uow,
        event=GeneratedItemSettled(
            job_id=single.id, item_id=single.items[0]["item_id"], outcome="duplicate"
        ),
        now=NOW,
    )
    assert single.status == "failed"


async def test_an_answer_that_is_not_an_item_fails_the_job_at_once() -> None:
    uow = FakeUnitOfWork()
    job = await _start(uow, generation.task_request(GenerationSpec("task")), BrokenModel())
    assert job.status == "failed"
    assert job.items[0]["outcome"] == "invalid"
    assert uow.events == []


async def test_items_content_never_answers_for_time_out_so_the_job_ends() -> None:
    uow = FakeUnitOfWork()
    job = await _start(uow, generation.task_request(GenerationSpec("task")))
    assert await generation.expire_overdue(uow=uow, now=NOW + timedelta(minutes=9)) == 0
    assert await generation.expire_overdue(uow=uow, now=NOW + timedelta(minutes=10)) == 1
    assert job.status == "failed"
    assert job.items[0]["outcome"] == "timed_out"
    late = GeneratedItemSettled(job_id=job.id, item_id=job.items[0]["item_id"], outcome="stored")
    await generation.record_outcome(uow=uow, event=late, now=NOW + timedelta(hours=1))
    assert job.status == "failed"  # a terminal job stays as it ended
