"""`/api/v1/tasks`: engineering-thinking tasks."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from content.api.deps import Uow
from content.api.item_routes import add_item_routes, list_page
from content.api.views import views_of
from content.db.repositories import ItemFilter
from content.domain.errors import NoMatch
from content.services import catalog
from contracts.catalogue.vocabulary import Kind, TaskDifficulty, Track, TrackTitle, parse_track
from servicekit.auth import MaybeUser, require_roles
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])
VIEWS = views_of((Kind.TASK,))
# One literal of both spellings, so a wrong one is a single error on `role`.
RoleQuery = Annotated[
    Literal[Track, TrackTitle] | None,
    Query(description="engineering track, or a user's selected_role spelling of it"),
]


def _where(role: str | None, difficulty: TaskDifficulty | None) -> ItemFilter:
    track = None if role is None else parse_track(role)
    return ItemFilter(kinds=(Kind.TASK.value,), equals={"role": track, "difficulty": difficulty})


@router.get("", response_model=VIEWS.page)
async def list_tasks(
    uow: Uow,
    viewer: MaybeUser,
    paging: Paging,
    role: RoleQuery = None,
    difficulty: TaskDifficulty | None = None,
) -> Page[dict[str, Any]]:
    return await list_page(uow, _where(role, difficulty), paging, viewer)


@router.get("/random", response_model=VIEWS.one)
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
