"""`/api/v1/subjects`: courses, and students' enrolment in them."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response, status

from content.api.deps import Uow
from content.api.schemas import ItemPatch, SubjectBody
from content.domain.items import Kind
from content.services import catalog, subjects
from servicekit.auth import AdminUser, CurrentUser, Principal, require_roles
from servicekit.errors import ValidationFailed
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/subjects", tags=["subjects"])
Student = Annotated[Principal, Depends(require_roles("student"))]


@router.get("", response_model=Page[dict[str, Any]])
async def list_subjects(
    uow: Uow, viewer: CurrentUser, paging: Paging, professor_id: str | None = None
) -> Page[dict[str, Any]]:
    rows, total = await subjects.list_subjects(
        uow=uow, professor_id=professor_id, limit=paging.limit, offset=paging.offset
    )
    items = [{**catalog.present(item, viewer), "student_count": count} for item, count in rows]
    return Page(items=items, total=total, limit=paging.limit, offset=paging.offset)


@router.get("/enrolled", response_model=list[dict[str, Any]])
async def enrolled(uow: Uow, student: Student) -> list[dict[str, Any]]:
    return [
        catalog.present(s, student)
        for s in await subjects.enrolled_subjects(uow=uow, student=student)
    ]


@router.get("/{subject_id}")
async def get_subject(subject_id: str, uow: Uow, viewer: CurrentUser) -> dict[str, Any]:
    subject = await catalog.get_item(uow=uow, kinds=subjects.SUBJECT, item_id=subject_id)
    return catalog.present(subject, viewer)


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_subject(body: SubjectBody, uow: Uow, admin: AdminUser) -> dict[str, Any]:
    item = await catalog.create_item(
        uow=uow, kind=Kind.SUBJECT, data=body.model_dump(exclude_none=True), author=admin
    )
    return catalog.present(item, admin)


@router.patch("/{subject_id}")
async def update_subject(
    subject_id: str, patch: ItemPatch, uow: Uow, editor: CurrentUser
) -> dict[str, Any]:
    changes = patch.changes()
    if not changes:
        raise ValidationFailed("Nothing to change")
    subject = await subjects.update_subject(
        uow=uow, subject_id=subject_id, changes=changes, editor=editor
    )
    return catalog.present(subject, editor)


@router.delete("/{subject_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_subject(subject_id: str, uow: Uow, admin: AdminUser) -> Response:
    await subjects.delete_subject(uow=uow, subject_id=subject_id, editor=admin)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{subject_id}/enroll", status_code=status.HTTP_201_CREATED)
async def enroll(subject_id: str, uow: Uow, student: Student) -> dict[str, Any]:
    subject = await subjects.enrol(uow=uow, subject_id=subject_id, student=student)
    return {"subject_id": subject.id, "user_id": student.user_id, "enrolled": True}
