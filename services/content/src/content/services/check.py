"""Checking the stored catalogue: every item against its kind's model."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from content.db.repositories import CatalogRepository
from contracts.catalogue import parse_item
from servicekit.db import UnitOfWork

BATCH = 200


@dataclass(frozen=True)
class ItemFailure:
    item_id: str
    kind: str
    errors: tuple[str, ...]  # "loc: message", one per problem


async def check_items(*, uow: UnitOfWork) -> tuple[int, list[ItemFailure]]:
    """How many items are stored, and the ones that do not fit their kind's model."""
    repo, failures, checked, after = CatalogRepository(uow.session), [], 0, ""
    while rows := await repo.batch_after(after, size=BATCH):
        for row in rows:
            try:
                parse_item(row.kind, row.data)
            except (ValidationError, ValueError) as exc:
                failures.append(ItemFailure(row.id, row.kind, described(exc)))
        checked, after = checked + len(rows), rows[-1].id
    return checked, failures


def described(exc: Exception) -> tuple[str, ...]:
    if not isinstance(exc, ValidationError):
        return (str(exc),)
    return tuple(
        f"{'.'.join(str(p) for p in e['loc']) or '<item>'}: {e['msg']}"
        for e in exc.errors(include_url=False)
    )
