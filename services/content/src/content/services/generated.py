"""Items coach generated (seed 000): checked like authors' items and the pack's, stored as
`source: "generated"` and announced like any other, or refused with the reason.

Coach hears the outcome of every item, so its job can say what became of each.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ValidationError

from content.db.repositories import CatalogRepository
from content.db.tables import CatalogItem
from content.domain.items import duplicate_keys
from content.services.catalog import announce, new_row
from content.services.check import described
from contracts.catalogue import parse_item
from contracts.catalogue.items import Drill, Task
from contracts.catalogue.quality import quality_problems
from contracts.coach import ItemGenerated
from contracts.content import GeneratedItemSettled
from servicekit.db import UnitOfWork


async def store_generated(*, uow: UnitOfWork, event: ItemGenerated) -> CatalogItem | None:
    """Store the item unless it is invalid, below the bar or a duplicate; tell coach which."""
    try:  # the model authors' writes and the pack are read with, whatever coach checked
        item = parse_item(event.item.kind, event.item.model_dump(mode="json"))
    except ValidationError as exc:
        _settle(uow, event, "invalid", "; ".join(described(exc)))
        return None
    assert isinstance(item, Task | Drill)
    if problems := quality_problems(item):
        _settle(uow, event, "invalid", "; ".join(problems))
        return None
    repo = CatalogRepository(uow.session)
    twin = await repo.get(item.id) or await repo.same_as(
        item.kind, title=item.title, prompt=duplicate_keys(item)
    )
    if twin is not None:
        _settle(uow, event, "duplicate", f"repeats {twin.id}", duplicate_of=twin.id)
        return None
    row = new_row(item, author_id=event.requested_by, source="generated")
    repo.add(row)
    announce(uow, row, item, created=True)
    _settle(uow, event, "stored", "")
    return row


def _settle(
    uow: UnitOfWork,
    event: ItemGenerated,
    outcome: Literal["stored", "duplicate", "invalid"],
    detail: str,
    *,
    duplicate_of: str | None = None,
) -> None:
    uow.raise_event(
        GeneratedItemSettled(
            job_id=event.job_id,
            item_id=event.item.id,
            outcome=outcome,
            detail=detail[:2000],
            duplicate_of=duplicate_of,
        )
    )
