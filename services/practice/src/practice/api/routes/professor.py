"""`/api/v1/professor/*`: a professor's students and subject analytics (admins see all)."""

from fastapi import APIRouter

from practice.api.deps import Uow
from practice.api.schemas.professor import StudentOut, SubjectAnalyticsOut
from practice.services import professor
from servicekit.auth import AuthorUser

router = APIRouter(prefix="/api/v1/professor", tags=["professor"])


@router.get("/students", response_model=list[StudentOut])
async def my_students(uow: Uow, user: AuthorUser) -> list[StudentOut]:
    return [StudentOut.of(s) for s in await professor.my_students(uow=uow, professor=user)]


@router.get("/subjects/{subject_id}/analytics", response_model=SubjectAnalyticsOut)
async def subject_analytics(subject_id: str, uow: Uow, user: AuthorUser) -> SubjectAnalyticsOut:
    found = await professor.subject_analytics(uow=uow, professor=user, subject_id=subject_id)
    return SubjectAnalyticsOut.of(found)
