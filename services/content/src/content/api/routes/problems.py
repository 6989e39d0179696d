"""`/api/v1/problems`: coding and system-design problems."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from content.api.deps import Uow
from content.api.item_routes import add_item_routes, list_page
from content.api.views import views_of
from content.db.repositories import ItemFilter
from contracts.catalogue.vocabulary import Kind, Pattern, ProblemDifficulty
from servicekit.auth import MaybeUser, require_roles
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/problems", tags=["problems"])
VIEWS = views_of((Kind.CODING, Kind.SYSTEM_DESIGN))
KINDS = (Kind.CODING.value, Kind.SYSTEM_DESIGN.value)


@router.get("", response_model=VIEWS.page)
async def list_problems(
    uow: Uow,
    user: MaybeUser,
    paging: Paging,
    kind: Literal["coding", "system_design"] | None = None,
    pattern: Pattern | None = None,
    rung: Annotated[int | None, Query(ge=1, le=5)] = None,
    difficulty: ProblemDifficulty | None = None,
    category: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[dict[str, Any]]:
    where = ItemFilter(
        kinds=(kind,) if kind else KINDS,
        equals={"pattern": pattern, "rung": rung, "difficulty": difficulty},
        tags=(category,) if category else (),
        text=q,
    )
    return await list_page(uow, where, paging, user)


add_item_routes(
    router,
    kinds=(Kind.CODING, Kind.SYSTEM_DESIGN),
    writer=require_roles("professor", "admin"),
)
