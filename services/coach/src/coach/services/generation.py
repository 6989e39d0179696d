"""Use cases of generation (seed 000): compose items through the provider, hand them to content,
and follow each to its outcome.

Content owns the catalogue, so coach never writes to it: each item travels as ItemGenerated
through the outbox, and content answers with GeneratedItemSettled (stored, duplicate or
invalid). A job ends when every item has its answer, or at its deadline.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from coach.db.tables import GenerationJob
from coach.domain.answers import Prompt
from coach.domain.errors import GenerationJobNotFound
from coach.domain.generation import GenerationSpec, InvalidDraft, parse_draft
from coach.domain.jobs import TERMINAL, ItemOutcome, JobKind, job_status, summary
from coach.services.ports import CoachUnitOfWork, Provider
from contracts.catalogue.items import Drill, Task
from contracts.catalogue.vocabulary import TRACKS, TaskDifficulty
from contracts.coach import ItemGenerated
from contracts.content import GeneratedItemSettled

Trigger = Literal["manual", "schedule"]
OVERDUE_BATCH = 100
RECENT = timedelta(hours=1)


@dataclass(frozen=True)
class JobRequest:
    kind: JobKind
    specs: tuple[GenerationSpec, ...]
    params: dict[str, Any]


def task_request(spec: GenerationSpec) -> JobRequest:
    return JobRequest("task", (spec,), {"role": spec.role, "difficulty": spec.difficulty})


def drill_request(spec: GenerationSpec) -> JobRequest:
    return JobRequest("drill", (spec,), {"drill_type": spec.drill_type})


def daily_request(difficulty: TaskDifficulty) -> JobRequest:
    """One task per track (seed 000's daily generation)."""
    specs = tuple(GenerationSpec("task", role=r, difficulty=difficulty) for r in TRACKS)
    return JobRequest("daily", specs, {"difficulty": difficulty, "roles": list(TRACKS)})


async def start_job(
    *,
    uow: CoachUnitOfWork,
    provider: Provider,
    request: JobRequest,
    requested_by: str | None,
    trigger: Trigger,
    now: datetime,
    deadline_after: timedelta,
    job_id: str | None = None,
) -> GenerationJob:
    """Compose the job's items and send each valid one to content; the job waits for answers."""
    kinds = sorted({s.kind for s in request.specs})
    # Titles of recent jobs too: content may not have announced their items yet.
    taken = await uow.catalogue.titles(kinds) | await uow.generation.recent_titles(
        since=now - RECENT
    )
    job = GenerationJob(
        id=job_id or str(uuid.uuid4()),
        kind=request.kind,
        trigger=trigger,
        requested_by=requested_by,
        params=request.params,
        created_at=now,
        deadline=now + deadline_after,
    )
    items: list[dict[str, Any]] = []
    for spec in request.specs:
        record, item = await _compose(provider, replace(spec, taken_titles=taken))
        items.append(record)
        if item is not None:
            taken = taken | {item.title.lower()}
            uow.raise_event(ItemGenerated(job_id=job.id, item=item, requested_by=requested_by))
    _settle(job, items, now)
    uow.generation.add_job(job)
    await uow.commit()
    return job


async def _compose(
    provider: Provider, spec: GenerationSpec
) -> tuple[dict[str, Any], Task | Drill | None]:
    """The provider's item for `spec` if it is valid, and the job's record of how it went."""
    answer = await provider.answer(Prompt(purpose="generation", generation=spec))
    record: dict[str, Any] = {
        "kind": spec.kind,
        "role": spec.role if spec.kind == "task" else None,
        "provider": answer.provider,
        "model": answer.model,
        "prompt_version": answer.prompt_version,
        "latency_ms": round(answer.latency_ms, 3),
        "fallback_reason": answer.fallback_reason,
    }
    try:
        item = parse_draft(answer.text, spec)
    except InvalidDraft as exc:
        return {
            **record,
            "item_id": None,
            "title": None,
            "outcome": "invalid",
            "detail": str(exc),
        }, None
    return {
        **record,
        "item_id": item.id,
        "title": item.title,
        "outcome": "pending",
        "detail": "",
    }, item


async def record_outcome(
    *, uow: CoachUnitOfWork, event: GeneratedItemSettled, now: datetime
) -> None:
    """Note content's answer for one item; the job ends when its last item is answered."""
    job = await uow.generation.job(event.job_id)
    if job is None or job.status in TERMINAL:
        return  # not ours, or already timed out: content's answer changes nothing now
    items = [
        {**i, "outcome": event.outcome, "detail": event.detail, "duplicate_of": event.duplicate_of}
        if i["item_id"] == event.item_id and i["outcome"] == "pending"
        else i
        for i in job.items
    ]
    _settle(job, items, now)
    uow.generation.add_job(job)


async def expire_overdue(*, uow: CoachUnitOfWork, now: datetime) -> int:
    """End the jobs past their deadline: items content never answered for time out."""
    jobs = await uow.generation.overdue(now, limit=OVERDUE_BATCH)
    for job in jobs:
        timed_out = "content did not answer before the job's deadline"
        items = [
            {**i, "outcome": "timed_out", "detail": timed_out} if i["outcome"] == "pending" else i
            for i in job.items
        ]
        _settle(job, items, now)
        uow.generation.add_job(job)
    await uow.commit()
    return len(jobs)


async def job_of(*, uow: CoachUnitOfWork, job_id: str) -> GenerationJob:
    job = await uow.generation.job(job_id)
    if job is None:
        raise GenerationJobNotFound(job_id)
    return job


def _settle(job: GenerationJob, items: list[dict[str, Any]], now: datetime) -> None:
    """Give the job its items (a new list, so the JSON column is written) and status."""
    outcomes: list[ItemOutcome] = [i["outcome"] for i in items]
    job.items = items
    job.status = job_status(outcomes)
    job.message = summary(job.kind, outcomes)
    if job.status in TERMINAL:
        job.finished_at = now
