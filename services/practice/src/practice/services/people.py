"""Keeping practice's read models of users and enrolments in step with their owners' events."""

from __future__ import annotations

from datetime import datetime

from contracts.content import StudentEnrolled
from contracts.identity import UserRegistered, UserRoleChanged, UserUpdated
from practice.db.progress_repositories import People
from practice.db.progress_tables import Enrolment, KnownUser
from servicekit.db import UnitOfWork

UserEvent = UserRegistered | UserUpdated | UserRoleChanged


async def apply_user_change(*, uow: UnitOfWork, event: UserEvent) -> None:
    """Upsert the user; an update or role change before the registration creates the row."""
    people = People(uow.session)
    known = await people.user(event.user_id)
    user = known or KnownUser(user_id=event.user_id, role="student")
    if isinstance(event, UserRegistered | UserUpdated):
        user.username, user.full_name = event.username, event.full_name
    if isinstance(event, UserRegistered) and known is None:  # a late one keeps a newer role
        user.role, user.time_zone = event.role, event.time_zone
    if isinstance(event, UserUpdated) and event.time_zone is not None:  # None: an older sender
        user.time_zone = event.time_zone
    if isinstance(event, UserRoleChanged):
        user.role = event.new_role
    people.add(user)


async def apply_enrolment(*, uow: UnitOfWork, event: StudentEnrolled, at: datetime) -> None:
    """Record the enrolment once, as of when content announced it; a repeat changes nothing."""
    people = People(uow.session)
    if await people.enrolment(event.subject_id, event.user_id) is None:
        people.add(Enrolment(subject_id=event.subject_id, user_id=event.user_id, enrolled_at=at))
