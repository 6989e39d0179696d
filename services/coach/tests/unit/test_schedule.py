"""The daily schedule on an injected clock: slots, catch-up once after downtime, one runner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coach.domain.schedule import DailySchedule, lease_free
from coach.providers.builtin import BuiltinProvider
from coach.services import crons
from coach.services.crons import DAILY_GENERATION, DailyGeneration
from contracts.catalogue.vocabulary import TRACKS
from contracts.coach import ItemGenerated

from .fakes import FakeUnitOfWork

SCHEDULE = DailySchedule(hour=3)
START = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def _daily(holder: str = "replica-a", *, lease: float = 600) -> DailyGeneration:
    return DailyGeneration(
        schedule=SCHEDULE,
        difficulty="intermediate",
        enabled=True,
        holder=holder,
        lease=timedelta(seconds=lease),
        timeout=timedelta(minutes=10),
    )


async def _tick(uow: FakeUnitOfWork, now: datetime, holder: str = "replica-a") -> object:
    return await crons.tick(uow=uow, provider=BuiltinProvider("m"), daily=_daily(holder), now=now)


def test_the_latest_slot_is_today_once_the_hour_has_passed_and_yesterday_before() -> None:
    assert SCHEDULE.latest_slot(START) == datetime(2026, 1, 10, 3, tzinfo=UTC)
    early = datetime(2026, 1, 10, 2, 59, tzinfo=UTC)
    assert SCHEDULE.latest_slot(early) == datetime(2026, 1, 9, 3, tzinfo=UTC)
    assert SCHEDULE.next_slot(START) == datetime(2026, 1, 11, 3, tzinfo=UTC)
    assert SCHEDULE.latest_slot(datetime(2026, 1, 10, 3, tzinfo=UTC)).hour == 3


def test_a_schedule_never_run_waits_for_its_first_slot() -> None:
    assert not SCHEDULE.is_due(last_run=None, since=START, now=START + timedelta(hours=14))
    assert SCHEDULE.is_due(last_run=None, since=START, now=START + timedelta(hours=15))


def test_a_lease_is_free_when_nobody_holds_it_or_it_lapsed() -> None:
    assert lease_free(None, START)
    assert lease_free(START, START)
    assert not lease_free(START + timedelta(seconds=1), START)


async def test_a_fresh_install_does_not_run_at_once() -> None:
    uow = FakeUnitOfWork()
    assert await _tick(uow, START) is None
    assert uow.generation.jobs == {}


async def test_the_daily_run_makes_one_task_per_track_at_its_slot() -> None:
    uow = FakeUnitOfWork()
    await _tick(uow, START)
    job = await _tick(uow, datetime(2026, 1, 11, 3, 0, 5, tzinfo=UTC))
    assert job is not None
    sent = [e for e in uow.events if isinstance(e, ItemGenerated)]
    assert [e.item.role for e in sent] == list(TRACKS)  # type: ignore[union-attr]
    assert all(e.requested_by is None for e in sent)
    assert uow.generation.schedules[DAILY_GENERATION].last_job_id == job.id


async def test_after_days_of_downtime_it_catches_up_once_not_once_per_missed_day() -> None:
    uow = FakeUnitOfWork()
    await _tick(uow, START)
    back = START + timedelta(days=4)  # four slots missed
    first = await _tick(uow, back)
    assert first is not None
    for minutes in (1, 2, 60, 14 * 60):  # later ticks on the same day run nothing more
        assert await _tick(uow, back + timedelta(minutes=minutes)) is None
    assert len(uow.generation.jobs) == 1
    assert await _tick(uow, back + timedelta(hours=15, minutes=1)) is not None  # next slot


async def test_of_two_replicas_ticking_at_the_slot_only_one_runs() -> None:
    uow = FakeUnitOfWork()
    await _tick(uow, START)
    slot = datetime(2026, 1, 11, 3, tzinfo=UTC)
    runs = [await _tick(uow, slot, "replica-a"), await _tick(uow, slot, "replica-b")]
    assert sum(r is not None for r in runs) == 1
    assert len(uow.generation.jobs) == 1


async def test_a_replica_that_died_holding_the_lease_is_replaced_once_it_lapses() -> None:
    uow = FakeUnitOfWork()
    await _tick(uow, START)
    slot = datetime(2026, 1, 11, 3, tzinfo=UTC)
    await uow.generation.claim_due_run(
        DAILY_GENERATION,
        holder="dead",
        now=slot,
        lease_until=slot + timedelta(minutes=10),
        slot=slot,
    )  # it took the lease and never finished
    assert await _tick(uow, slot + timedelta(minutes=5), "replica-b") is None
    assert await _tick(uow, slot + timedelta(minutes=10), "replica-b") is not None


async def test_crons_show_the_schedule_last_run_outcome_and_next_run() -> None:
    uow = FakeUnitOfWork()
    await _tick(uow, START)
    [before] = await crons.crons(uow=uow, daily=_daily(), now=START)
    assert before.last_run_at is None
    assert before.last_job is None
    assert before.next_run_at == datetime(2026, 1, 11, 3, tzinfo=UTC)
    ran_at = datetime(2026, 1, 11, 3, 1, tzinfo=UTC)
    job = await _tick(uow, ran_at)
    [after] = await crons.crons(uow=uow, daily=_daily(), now=ran_at)
    assert after.schedule == "daily at 03:00 UTC"
    assert after.last_run_at == ran_at
    assert after.last_job is job
    assert after.next_run_at == datetime(2026, 1, 12, 3, tzinfo=UTC)
    assert not after.running
