"""`/api/v1/bug-hunt/items`: bug-hunt items, without the solution for learners."""

from typing import Any

from fastapi import APIRouter

from content.api.deps import Uow
from content.api.item_routes import add_item_routes, list_page
from content.api.views import views_of
from content.db.repositories import ItemFilter
from contracts.catalogue.vocabulary import Kind, Pattern
from servicekit.auth import MaybeUser, require_roles
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/bug-hunt/items", tags=["bug hunt"])
VIEWS = views_of((Kind.BUG_HUNT,))


@router.get("", response_model=VIEWS.page)
async def list_items(
    uow: Uow, viewer: MaybeUser, paging: Paging, pattern: Pattern | None = None
) -> Page[dict[str, Any]]:
    where = ItemFilter(kinds=(Kind.BUG_HUNT.value,), equals={"pattern": pattern})
    return await list_page(uow, where, paging, viewer)


add_item_routes(router, kinds=(Kind.BUG_HUNT,), writer=require_roles("professor", "admin"))
