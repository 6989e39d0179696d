"""`/api/v1/drills`: the drill catalogue with answers, for admins (learners use practice)."""

from typing import Any

from fastapi import APIRouter

from content.api.deps import Uow
from content.api.item_routes import add_item_routes, list_page
from content.api.views import views_of
from content.db.repositories import ItemFilter
from contracts.catalogue.vocabulary import DrillType, Kind
from servicekit.auth import AdminUser, require_roles
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/drills", tags=["drills"])
VIEWS = views_of((Kind.DRILL,))


@router.get("", response_model=VIEWS.page)
async def list_drills(
    uow: Uow, admin: AdminUser, paging: Paging, drill_type: DrillType | None = None
) -> Page[dict[str, Any]]:
    where = ItemFilter(kinds=(Kind.DRILL.value,), equals={"type": drill_type})
    return await list_page(uow, where, paging, admin)


admin_only = require_roles("admin")
add_item_routes(router, kinds=(Kind.DRILL,), writer=admin_only, reader=admin_only)
