"""Keeping evaluation's view of subjects and enrolments in step with content's events."""

from __future__ import annotations

from contracts.content import ContentDeleted, ContentPublished, ContentUpdated, StudentEnrolled
from evaluation.db.repositories import Subjects
from servicekit.db import UnitOfWork

CatalogEvent = ContentPublished | ContentUpdated | ContentDeleted | StudentEnrolled


async def apply_catalog_event(*, uow: UnitOfWork, event: CatalogEvent) -> None:
    """Subjects and enrolments matter here (professors' access); other items do not."""
    subjects = Subjects(uow.session)
    if isinstance(event, StudentEnrolled):
        await subjects.enrol(event.subject_id, event.user_id)
    elif event.content_type != "subject":
        return
    elif isinstance(event, ContentDeleted):
        await subjects.remove(event.content_id)
    else:
        professor = event.item.get("professor_id")
        await subjects.set_professor(event.content_id, str(professor) if professor else None)
