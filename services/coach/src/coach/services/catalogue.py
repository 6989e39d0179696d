"""Keeping coach's passages, subjects and enrolments in step with content's events."""

from __future__ import annotations

from pydantic import ValidationError

from coach.db.tables import IndexedItem, Subject
from coach.domain.catalogue import indexable
from coach.services.ports import CoachUnitOfWork
from contracts.catalogue.items import CatalogueItem, parse_item
from contracts.catalogue.items import Subject as SubjectItem
from contracts.content import (
    ContentDeleted,
    ContentPublished,
    ContentPublishedV2,
    ContentUpdated,
    ContentUpdatedV2,
    StudentEnrolled,
)
from servicekit.inbox import PermanentError

ContentChange = (
    ContentPublished | ContentUpdated | ContentPublishedV2 | ContentUpdatedV2 | ContentDeleted
)


async def apply_content_change(*, uow: CoachUnitOfWork, event: ContentChange) -> None:
    """Re-index the item (or drop it); an older revision never overwrites a newer one."""
    current = await uow.catalogue.item(event.content_id)
    if isinstance(event, ContentDeleted):
        await uow.passages.remove(event.content_id)
        await uow.catalogue.delete_subject(event.content_id)
        if current is not None:
            await uow.catalogue.delete_item(current)
        return
    if current is not None and event.revision < current.revision:
        return
    item = _typed(event)
    found = indexable(item)
    await uow.passages.replace(source_id=item.id, subject_id=found.subject_id, chunks=found.chunks)
    row = current or IndexedItem(id=item.id, kind=item.kind, title=found.title)
    row.kind, row.title, row.revision = item.kind, found.title[:300], event.revision
    row.solutions = list(found.solutions)
    uow.catalogue.add_item(row)
    if isinstance(item, SubjectItem):
        subject = await uow.catalogue.subject(item.id) or Subject(id=item.id, name=item.name)
        subject.name, subject.professor_id = item.name, item.professor_id
        uow.catalogue.add_subject(subject)


async def record_enrolment(*, uow: CoachUnitOfWork, event: StudentEnrolled) -> None:
    """Remember that the student may use the subject's tutor; repeats change nothing."""
    await uow.catalogue.enrol(subject_id=event.subject_id, user_id=event.user_id)


def _typed(
    event: ContentPublished | ContentUpdated | ContentPublishedV2 | ContentUpdatedV2,
) -> CatalogueItem:
    if isinstance(event, ContentPublishedV2 | ContentUpdatedV2):
        return event.item
    try:  # version 1 carries the item as a dict: validate it as its kind
        return parse_item(str(event.item.get("kind") or event.content_type), event.item)
    except (ValidationError, ValueError) as exc:
        raise PermanentError(f"{event.content_id} is not a valid catalogue item: {exc}") from exc
