"""`/api/v1/users` and `/api/v1/admin/users`: profiles and roles."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Response, status

from identity.api.deps import Keys, Policy, Uow
from identity.api.schemas import ChangePassword, SetRole, UpdateMe, UserOut
from identity.services import accounts, sessions
from servicekit.auth import AdminUser, CurrentUser, Principal, require_roles
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1", tags=["users"])
Staff = Annotated[Principal, Depends(require_roles("professor", "admin"))]


@router.get("/users/me", response_model=UserOut)
async def me(user: CurrentUser, uow: Uow) -> UserOut:
    return UserOut.of(await accounts.get_user(uow=uow, user_id=user.user_id))


@router.patch("/users/me", response_model=UserOut)
async def update_me(body: UpdateMe, user: CurrentUser, uow: Uow) -> UserOut:
    updated = await accounts.update_profile(uow=uow, user_id=user.user_id, changes=body.changes())
    return UserOut.of(updated)


@router.post(
    "/users/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change password; every other session ends",
)
async def change_password(
    body: ChangePassword, user: CurrentUser, uow: Uow, keys: Keys, policy: Policy
) -> Response:
    account = await accounts.get_user(uow=uow, user_id=user.user_id)
    await sessions.change_password(
        uow=uow,
        user=account,
        current=body.current_password,
        new=body.new_password,
        this_session=body.refresh_token,
        keys=keys,
        policy=policy,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/users/{user_id}", response_model=UserOut)
async def get_user(user_id: str, viewer: Staff, uow: Uow) -> UserOut:
    return UserOut.of(await accounts.get_user(uow=uow, user_id=user_id))


@router.get("/admin/users", response_model=Page[UserOut])
async def list_users(
    admin: AdminUser,
    uow: Uow,
    paging: Paging,
    role: Literal["student", "professor", "admin"] | None = None,
) -> Page[UserOut]:
    users, total = await accounts.list_users(
        uow=uow, role=role, limit=paging.limit, offset=paging.offset
    )
    return Page(
        items=[UserOut.of(u) for u in users], total=total, limit=paging.limit, offset=paging.offset
    )


@router.put("/admin/users/{user_id}/role", response_model=UserOut)
async def set_role(user_id: str, body: SetRole, admin: AdminUser, uow: Uow) -> UserOut:
    return UserOut.of(await accounts.change_role(uow=uow, user_id=user_id, role=body.role))
