"""Use cases of subjects (courses) and enrolment."""

from __future__ import annotations

from typing import Any

from content.db.repositories import Enrolments, ItemFilter
from content.db.tables import CatalogItem, Enrolment
from content.domain.errors import AlreadyEnrolled
from content.domain.items import Kind
from content.services.catalog import apply_data, delete_item, get_item, list_items
from contracts.content import ContentUpdated, StudentEnrolled
from servicekit.auth import Principal
from servicekit.db import UnitOfWork
from servicekit.errors import Forbidden

SUBJECT = (Kind.SUBJECT.value,)


async def list_subjects(
    *, uow: UnitOfWork, professor_id: str | None, limit: int, offset: int
) -> tuple[list[tuple[CatalogItem, int]], int]:
    """Subjects with their student counts, optionally of one professor."""
    items, total = await list_items(
        uow=uow, where=ItemFilter(kinds=SUBJECT), limit=limit, offset=offset
    )
    if professor_id is not None:
        items = [i for i in items if i.data.get("professor_id") == professor_id]
    counts = await Enrolments(uow.session).counts([i.id for i in items])
    return [(i, counts.get(i.id, 0)) for i in items], total


async def update_subject(
    *, uow: UnitOfWork, subject_id: str, changes: dict[str, Any], editor: Principal
) -> CatalogItem:
    """Admins change any subject, its professor only their own (and never its professor)."""
    subject = await get_item(uow=uow, kinds=SUBJECT, item_id=subject_id)
    is_professor = editor.role == "professor" and subject.data.get("professor_id") == editor.user_id
    if not (editor.is_admin or is_professor):
        raise Forbidden("Only an admin or the subject's professor may change it")
    if not editor.is_admin and "professor_id" in changes:
        raise Forbidden("Only an admin may assign a subject's professor")
    apply_data(subject, {**subject.data, **changes, "id": subject.id, "kind": subject.kind})
    uow.raise_event(
        ContentUpdated(
            content_type="subject",
            content_id=subject.id,
            revision=subject.revision,
            item=subject.data,
        )
    )
    await uow.commit()
    return subject


async def delete_subject(*, uow: UnitOfWork, subject_id: str, editor: Principal) -> None:
    """Remove a subject and its enrolments."""
    await Enrolments(uow.session).remove_subject(subject_id)
    await delete_item(uow=uow, kinds=SUBJECT, item_id=subject_id, editor=editor)


async def enrol(*, uow: UnitOfWork, subject_id: str, student: Principal) -> CatalogItem:
    """Enrol the student once; a second time is a conflict."""
    subject = await get_item(uow=uow, kinds=SUBJECT, item_id=subject_id)
    enrolments = Enrolments(uow.session)
    if await enrolments.get(subject_id, student.user_id) is not None:
        raise AlreadyEnrolled(subject_id)
    enrolments.add(Enrolment(subject_id=subject_id, user_id=student.user_id))
    uow.raise_event(StudentEnrolled(subject_id=subject_id, user_id=student.user_id))
    await uow.commit()
    return subject


async def enrolled_subjects(*, uow: UnitOfWork, student: Principal) -> list[CatalogItem]:
    """The subjects the student is enrolled in."""
    return await Enrolments(uow.session).subjects_of(student.user_id)
