"""`/api/v1/users`: one's own profile and password, and other users' profiles for staff."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from identity.api.deps import Parts, Session, Uow
from identity.api.schemas import ChangePassword, UpdateMe, UserOut
from identity.services import profiles, sessions
from servicekit.auth import CurrentUser

router = APIRouter(prefix="/api/v1/users", tags=["users"])


@router.get("/me", response_model=UserOut)
async def me(user: CurrentUser, uow: Uow) -> UserOut:
    viewed = await profiles.view_user(
        uow=uow, viewer_id=user.user_id, viewer_role=user.role, user_id=user.user_id
    )
    return UserOut.of(viewed)


@router.patch("/me", response_model=UserOut)
async def update_me(body: UpdateMe, user: CurrentUser, uow: Uow) -> UserOut:
    updated = await profiles.update_profile(uow=uow, user_id=user.user_id, changes=body.changes())
    return UserOut.of(updated)


@router.post(
    "/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change the password; every other session ends",
    description="`current_password` must be the account's password: a wrong one is refused "
    "with 422 and a field error on it, which no schema can tell beforehand.",
)
async def change_password(
    body: ChangePassword, caller: Session, uow: Uow, parts: Parts
) -> Response:
    await sessions.change_password(
        uow=uow,
        passwords=parts.passwords,
        throttle=parts.throttle,
        user_id=caller.principal.user_id,
        session_id=caller.session_id,
        current=body.current_password,
        new=body.new_password,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{user_id}", response_model=UserOut, summary="A user's profile (professor or admin)")
async def get_user(user_id: str, viewer: CurrentUser, uow: Uow) -> UserOut:
    user = await profiles.view_user(
        uow=uow, viewer_id=viewer.user_id, viewer_role=viewer.role, user_id=user_id
    )
    return UserOut.of(user)
