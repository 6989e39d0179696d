"""`/api/v1/debug-lab/items`: debug-lab items, without solution and hidden tests for learners."""

from typing import Any

from fastapi import APIRouter

from content.api.deps import Uow
from content.api.item_routes import add_item_routes, list_page
from content.api.views import views_of
from content.db.repositories import ItemFilter
from contracts.catalogue.vocabulary import Kind
from contracts.debug_lab import DefectCategory, Difficulty
from servicekit.auth import MaybeUser, require_roles
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/debug-lab/items", tags=["debug lab"])
VIEWS = views_of((Kind.DEBUG_LAB,))


@router.get("", response_model=VIEWS.page)
async def list_items(
    uow: Uow,
    viewer: MaybeUser,
    paging: Paging,
    category: DefectCategory | None = None,
    difficulty: Difficulty | None = None,
) -> Page[dict[str, Any]]:
    where = ItemFilter(
        kinds=(Kind.DEBUG_LAB.value,), equals={"category": category, "difficulty": difficulty}
    )
    return await list_page(uow, where, paging, viewer)


add_item_routes(router, kinds=(Kind.DEBUG_LAB,), writer=require_roles("professor", "admin"))
