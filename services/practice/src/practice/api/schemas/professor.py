"""Bodies of `/professor/*`."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from practice.services.professor import StudentProgress, SubjectAnalytics


class StudentOut(BaseModel):
    user_id: str
    username: str | None
    full_name: str
    subject_ids: list[str]
    total_tasks_completed: int
    current_streak: int
    average_score: float
    last_activity_date: date | None
    last_active_at: datetime | None

    @classmethod
    def of(cls, student: StudentProgress) -> StudentOut:
        progress = student.progress
        return cls(
            user_id=student.user_id,
            username=student.username,
            full_name=student.full_name,
            subject_ids=list(student.subject_ids),
            total_tasks_completed=progress.total_tasks_completed,
            current_streak=progress.current_streak,
            average_score=progress.average_score,
            last_activity_date=progress.last_activity_date,
            last_active_at=student.last_active_at,
        )


class SubjectAnalyticsOut(BaseModel):
    subject_id: str
    name: str
    total_students: int
    active_students: int
    average_score: float
    students: list[StudentOut]

    @classmethod
    def of(cls, found: SubjectAnalytics) -> SubjectAnalyticsOut:
        return cls(
            subject_id=found.subject_id,
            name=found.name,
            total_students=found.total_students,
            active_students=found.active_students,
            average_score=found.average_score,
            students=[StudentOut.of(s) for s in found.students],
        )
