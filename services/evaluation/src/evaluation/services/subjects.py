"""Keeping evaluation's view of subjects and enrolments in step with content's events."""

from __future__ import annotations

from contracts.catalogue import Subject
from contracts.content import (
    ContentDeleted,
    ContentPublishedV2,
    ContentUpdatedV2,
    StudentEnrolled,
)
from evaluation.db.repositories import Subjects
from servicekit.db import UnitOfWork

CatalogEvent = ContentPublishedV2 | ContentUpdatedV2 | ContentDeleted | StudentEnrolled


async def apply_catalog_event(*, uow: UnitOfWork, event: CatalogEvent) -> None:
    """Subjects and enrolments matter here (professors' access); other items do not."""
    subjects = Subjects(uow.session)
    if isinstance(event, StudentEnrolled):
        await subjects.enrol(event.subject_id, event.user_id)
    elif event.content_type != "subject":
        return
    elif isinstance(event, ContentDeleted):
        await subjects.remove(event.content_id)
    elif isinstance(event.item, Subject):
        await subjects.set_professor(event.content_id, event.item.professor_id or None)
