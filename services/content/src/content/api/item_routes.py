"""The read-one, create, change and delete routes every catalogue resource shares."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response, status

from content.api.deps import Uow
from content.api.openapi import PATCH_DESCRIPTION, item_body
from content.api.schemas import ItemBody, ItemChanges, changes_of
from content.api.views import views_of
from content.db.repositories import ItemFilter
from content.domain.items import kind_to_create
from content.services import catalog
from contracts.catalogue import Kind
from servicekit.auth import Principal, optional_principal
from servicekit.errors import ValidationFailed
from servicekit.pagination import Page, PageParams


async def list_page(
    uow: Uow, where: ItemFilter, paging: PageParams, viewer: Principal | None
) -> Page[dict[str, Any]]:
    """One page as this viewer may see it; `total` counts stored items, served or not."""
    rows, total = await catalog.list_items(
        uow=uow, where=where, limit=paging.limit, offset=paging.offset
    )
    return Page(
        items=catalog.present_all(rows, viewer),
        total=total,
        limit=paging.limit,
        offset=paging.offset,
    )


def add_item_routes(
    router: APIRouter,
    *,
    kinds: tuple[Kind, ...],
    writer: Callable[..., Any],
    reader: Callable[..., Any] | None = None,
) -> None:
    """GET /{id}, POST, PATCH /{id}, DELETE /{id} for one resource of the catalogue.

    `writer` is the dependency that admits authors (it decides the roles);
    `reader` optionally restricts reading one item (drills: admins only). A body
    with a `kind` field picks one of `kinds` (problems: coding or system design).
    """
    names = tuple(k.value for k in kinds)
    view = views_of(kinds).one
    label = kinds[0].value.replace("_", " ")
    Writer = Annotated[Principal, Depends(writer)]
    read_access = reader or optional_principal

    @router.get("/{item_id}", summary=f"One {label}", response_model=view)
    async def get_one(
        item_id: str, uow: Uow, viewer: Principal | None = Depends(read_access)
    ) -> dict[str, Any]:
        row = await catalog.get_item(uow=uow, kinds=names, item_id=item_id)
        return catalog.present_one(row, viewer)

    @router.post(
        "",
        status_code=status.HTTP_201_CREATED,
        summary=f"Add a {label}",
        response_model=view,
        openapi_extra=item_body(kinds),
    )
    async def create(body: ItemBody, uow: Uow, author: Writer) -> dict[str, Any]:
        row = await catalog.create_item(
            uow=uow, kind=kind_to_create(body, kinds), body=body, author=author
        )
        return catalog.present_one(row, author)

    @router.patch(
        "/{item_id}",
        summary=f"Change a {label}",
        description=PATCH_DESCRIPTION,
        response_model=view,
        openapi_extra=item_body(kinds, partial=True),
    )
    async def update(item_id: str, body: ItemChanges, uow: Uow, author: Writer) -> dict[str, Any]:
        changes = changes_of(body)
        if not changes:
            raise ValidationFailed("Nothing to change")
        row = await catalog.update_item(
            uow=uow, kinds=names, item_id=item_id, changes=changes, editor=author
        )
        return catalog.present_one(row, author)

    @router.delete(
        "/{item_id}", status_code=status.HTTP_204_NO_CONTENT, summary=f"Delete a {label}"
    )
    async def delete(item_id: str, uow: Uow, author: Writer) -> Response:
        await catalog.delete_item(uow=uow, kinds=names, item_id=item_id, editor=author)
        return Response(status_code=status.HTTP_204_NO_CONTENT)
