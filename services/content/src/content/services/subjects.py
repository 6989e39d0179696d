"""Use cases of subjects (courses) and enrolment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from content.db.repositories import Enrolments, ItemFilter
from content.db.tables import CatalogItem, Enrolment
from content.domain.errors import AlreadyEnrolled
from content.services.catalog import delete_item, get_item, list_items, save_changes
from contracts.catalogue import Kind
from contracts.content import StudentEnrolled
from servicekit.auth import Principal
from servicekit.db import UnitOfWork
from servicekit.errors import Forbidden

SUBJECT = (Kind.SUBJECT.value,)


async def list_subjects(
    *, uow: UnitOfWork, professor_id: str | None, limit: int, offset: int
) -> tuple[list[tuple[CatalogItem, int]], int]:
    """Subjects with their student counts, optionally of one professor."""
    where = ItemFilter(kinds=SUBJECT, equals={"professor_id": professor_id})
    items, total = await list_items(uow=uow, where=where, limit=limit, offset=offset)
    counts = await Enrolments(uow.session).counts([i.id for i in items])
    return [(i, counts.get(i.id, 0)) for i in items], total


async def update_subject(
    *, uow: UnitOfWork, subject_id: str, changes: Mapping[str, Any], editor: Principal
) -> CatalogItem:
    """Admins change any subject, its professor only their own (and never its professor)."""
    subject = await get_item(uow=uow, kinds=SUBJECT, item_id=subject_id)
    is_professor = editor.role == "professor" and subject.professor_id == editor.user_id
    if not (editor.is_admin or is_professor):
        raise Forbidden("Only an admin or the subject's professor may change it")
    if not editor.is_admin and "professor_id" in changes:
        raise Forbidden("Only an admin may assign a subject's professor")
    await save_changes(uow=uow, row=subject, changes=changes)
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


async def enrolled_subjects(
    *, uow: UnitOfWork, student: Principal, limit: int, offset: int
) -> tuple[list[CatalogItem], int]:
    """One page of the subjects the student is enrolled in, and how many there are."""
    return await Enrolments(uow.session).subjects_of(student.user_id, limit=limit, offset=offset)
