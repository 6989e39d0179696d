"""`/api/v1/tasks`: engineering-thinking tasks."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from content.api.deps import Uow
from content.api.item_routes import add_item_routes, list_page
from content.db.repositories import ItemFilter
from content.domain.errors import InvalidQuery, NoMatch
from content.services import catalog
from contracts.catalogue.vocabulary import Kind, TaskDifficulty, Track, parse_track
from servicekit.auth import MaybeUser, require_roles
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])
RoleQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        description="engineering track: backend, frontend, systems, data, or a user's "
        "selected_role spelling (Backend Engineer, ...)",
    ),
]


def _track(role: str | None) -> Track | None:
    try:
        return None if role is None else parse_track(role)
    except ValueError as exc:
        raise InvalidQuery("role", str(exc)) from None


def _where(role: str | None, difficulty: TaskDifficulty | None) -> ItemFilter:
    return ItemFilter(
        kinds=(Kind.TASK.value,), equals={"role": _track(role), "difficulty": difficulty}
    )


@router.get("", response_model=Page[dict[str, Any]])
async def list_tasks(
    uow: Uow,
    viewer: MaybeUser,
    paging: Paging,
    role: RoleQuery = None,
    difficulty: TaskDifficulty | None = None,
) -> Page[dict[str, Any]]:
    return await list_page(uow, _where(role, difficulty), paging, viewer)


@router.get("/random")
async def random_task(
    uow: Uow,
    viewer: MaybeUser,
    role: RoleQuery = None,
    difficulty: TaskDifficulty | None = None,
    count: Annotated[int, Query(ge=1, le=1)] = 1,
) -> dict[str, Any]:
    rows = await catalog.random_items(uow=uow, where=_where(role, difficulty), count=count)
    items = catalog.present_all(rows, viewer)
    if not items:
        raise NoMatch("TASK_NOT_FOUND")
    return items[0]


add_item_routes(router, kinds=(Kind.TASK,), writer=require_roles("admin"))
