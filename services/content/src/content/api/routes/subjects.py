"""`/api/v1/subjects`: courses, and students' enrolment in them."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status

from content.api.deps import Uow
from content.api.openapi import PATCH_DESCRIPTION, item_body
from content.api.schemas import ItemBody, ItemChanges, changes_of
from content.api.views import Enrolment, Listed, views_of
from content.services import catalog, subjects
from contracts.catalogue import Kind
from servicekit.auth import AdminUser, CurrentUser, Principal, require_roles
from servicekit.errors import ValidationFailed
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/subjects", tags=["subjects"])
Student = Annotated[Principal, Depends(require_roles("student"))]
SUBJECT_KIND = (Kind.SUBJECT,)
VIEWS = views_of(SUBJECT_KIND)
LISTED = views_of(SUBJECT_KIND, Listed)


@router.get("", response_model=LISTED.page)
async def list_subjects(
    uow: Uow,
    viewer: CurrentUser,
    paging: Paging,
    professor_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[dict[str, Any]]:
    rows, total = await subjects.list_subjects(
        uow=uow, professor_id=professor_id, limit=paging.limit, offset=paging.offset
    )
    items = [
        {**view, "student_count": count}
        for item, count in rows
        if (view := catalog.present(item, viewer)) is not None
    ]
    return Page(items=items, total=total, limit=paging.limit, offset=paging.offset)


@router.get("/enrolled", response_model=VIEWS.page)
async def enrolled(uow: Uow, student: Student, paging: Paging) -> Page[dict[str, Any]]:
    rows, total = await subjects.enrolled_subjects(
        uow=uow, student=student, limit=paging.limit, offset=paging.offset
    )
    return Page(
        items=catalog.present_all(rows, student),
        total=total,
        limit=paging.limit,
        offset=paging.offset,
    )


@router.get("/{subject_id}", response_model=VIEWS.one)
async def get_subject(subject_id: str, uow: Uow, viewer: CurrentUser) -> dict[str, Any]:
    subject = await catalog.get_item(uow=uow, kinds=subjects.SUBJECT, item_id=subject_id)
    return catalog.present_one(subject, viewer)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=VIEWS.one,
    openapi_extra=item_body(SUBJECT_KIND),
)
async def create_subject(body: ItemBody, uow: Uow, admin: AdminUser) -> dict[str, Any]:
    item = await catalog.create_item(uow=uow, kind=Kind.SUBJECT, body=body, author=admin)
    return catalog.present_one(item, admin)


@router.patch(
    "/{subject_id}",
    description=PATCH_DESCRIPTION,
    response_model=VIEWS.one,
    openapi_extra=item_body(SUBJECT_KIND, partial=True),
)
async def update_subject(
    subject_id: str, body: ItemChanges, uow: Uow, editor: CurrentUser
) -> dict[str, Any]:
    changes = changes_of(body)
    if not changes:
        raise ValidationFailed("Nothing to change")
    subject = await subjects.update_subject(
        uow=uow, subject_id=subject_id, changes=changes, editor=editor
    )
    return catalog.present_one(subject, editor)


@router.delete("/{subject_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_subject(subject_id: str, uow: Uow, admin: AdminUser) -> Response:
    await subjects.delete_subject(uow=uow, subject_id=subject_id, editor=admin)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{subject_id}/enroll", status_code=status.HTTP_201_CREATED)
async def enroll(subject_id: str, uow: Uow, student: Student) -> Enrolment:
    subject = await subjects.enrol(uow=uow, subject_id=subject_id, student=student)
    return Enrolment(subject_id=subject.id, user_id=student.user_id)
