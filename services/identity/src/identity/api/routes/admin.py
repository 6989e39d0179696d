"""`/api/v1/admin/users`: the user list and role changes, for admins."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from identity.api.deps import Uow
from identity.api.schemas import SetRole, UserOut
from identity.services import accounts
from servicekit.auth import AdminUser
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/admin/users", tags=["admin"])


@router.get("", response_model=Page[UserOut])
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


@router.put("/{user_id}/role", response_model=UserOut)
async def set_role(user_id: str, body: SetRole, admin: AdminUser, uow: Uow) -> UserOut:
    user = await accounts.change_role(
        uow=uow, admin_id=admin.user_id, user_id=user_id, role=body.role
    )
    return UserOut.of(user)
