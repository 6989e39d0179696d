"""`/api/v1/tasks`: engineering-thinking tasks."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from content.api.deps import Uow
from content.api.item_routes import add_item_routes, list_page
from content.api.schemas import TaskBody
from content.db.repositories import ItemFilter
from content.domain.errors import NoMatch
from content.domain.items import Kind
from content.services import catalog
from servicekit.auth import MaybeUser, require_roles
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])
Role = Literal["backend", "frontend", "systems", "data"]
Difficulty = Literal["beginner", "intermediate", "advanced"]


def _where(role: Role | None, difficulty: Difficulty | None) -> ItemFilter:
    return ItemFilter(kinds=(Kind.TASK.value,), equals={"role": role, "difficulty": difficulty})


@router.get("", response_model=Page[dict[str, Any]])
async def list_tasks(
    uow: Uow,
    viewer: MaybeUser,
    paging: Paging,
    role: Role | None = None,
    difficulty: Difficulty | None = None,
) -> Page[dict[str, Any]]:
    return await list_page(uow, _where(role, difficulty), paging, viewer)


@router.get("/random")
async def random_task(
    uow: Uow,
    viewer: MaybeUser,
    role: Role | None = None,
    difficulty: Difficulty | None = None,
    count: Annotated[int, Query(ge=1, le=1)] = 1,
) -> dict[str, Any]:
    items = await catalog.random_items(uow=uow, where=_where(role, difficulty), count=count)
    if not items:
        raise NoMatch("TASK_NOT_FOUND")
    return catalog.present(items[0], viewer)


add_item_routes(router, kinds=(Kind.TASK,), body=TaskBody, writer=require_roles("admin"))
