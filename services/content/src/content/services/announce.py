"""Re-announcing what content stores, so that other services can rebuild their read models."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from content.db.repositories import CatalogRepository, Enrolments
from content.services.catalog import announce, stored_item
from contracts.content import StudentEnrolled
from servicekit.db import UnitOfWork

ENROLMENTS = "enrolment"  # announced beside the item kinds
BATCH = 100  # rows a transaction announces: the outbox fills in steps the relay can drain


@dataclass
class AnnounceReport:
    items: int = 0
    enrolments: int = 0
    not_valid: int = 0  # items no longer fitting their model: `check` lists them


async def announce_catalogue(
    *,
    unit_of_work: Callable[[], UnitOfWork],
    kinds: Collection[str] | None = None,
    batch: int = BATCH,
    on_batch: Callable[[AnnounceReport], None] | None = None,
) -> AnnounceReport:
    """Announce every stored item of `kinds` (all when None) at its current revision."""
    report, after, only = AnnounceReport(), "", None if kinds is None else tuple(kinds)
    while True:
        async with unit_of_work() as uow:
            rows = await CatalogRepository(uow.session).batch_after(
                after, size=batch, kinds=only, lock=True
            )
            for row in rows:
                if (item := stored_item(row)) is None:
                    report.not_valid += 1
                    continue
                announce(uow, row, item, created=False)
                report.items += 1
            await uow.commit()
        if not rows:
            return report
        after = rows[-1].id
        if on_batch is not None:
            on_batch(report)


async def announce_enrolments(
    *,
    unit_of_work: Callable[[], UnitOfWork],
    batch: int = BATCH,
    on_batch: Callable[[AnnounceReport], None] | None = None,
) -> AnnounceReport:
    """Announce every stored enrolment again (consumers apply them idempotently)."""
    report, after = AnnounceReport(), ("", "")
    while True:
        async with unit_of_work() as uow:
            rows = await Enrolments(uow.session).batch_after(after, size=batch)
            for enrolment in rows:
                uow.raise_event(
                    StudentEnrolled(subject_id=enrolment.subject_id, user_id=enrolment.user_id)
                )
            report.enrolments += len(rows)
            await uow.commit()
        if not rows:
            return report
        after = (rows[-1].subject_id, rows[-1].user_id)
        if on_batch is not None:
            on_batch(report)
