"""Request and response bodies of practice's routes, one module per resource."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from servicekit.pagination import Page, PageParams

Row = TypeVar("Row")
Out = TypeVar("Out")


def page_of(
    rows: Sequence[Row], total: int, paging: PageParams, out: Callable[[Row], Out]
) -> Page[Out]:
    """One page of rows, each shaped by `out`."""
    return Page(
        items=[out(row) for row in rows], total=total, limit=paging.limit, offset=paging.offset
    )
