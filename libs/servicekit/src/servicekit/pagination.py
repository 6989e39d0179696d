"""The list convention of the API: `?limit=&offset=` in, `{items, total, limit, offset}` out."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

T = TypeVar("T")
MAX_LIMIT = 100
# Far below the 64-bit ceiling of SQLite's INTEGER and PostgreSQL's bigint, which an unbounded
# client value overflows (a 500); no client pages this deep.
MAX_OFFSET = 1_000_000


class PageParams(BaseModel):
    limit: int = 20
    offset: int = 0


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size (max 100)")] = 20,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="items to skip (max 1,000,000)")
    ] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


Paging = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
