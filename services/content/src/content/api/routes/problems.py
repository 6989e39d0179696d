"""`/api/v1/problems`: coding and system-design problems."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status

from content.api.deps import Uow
from content.api.schemas import ItemPatch, ProblemBody
from content.db.repositories import ItemFilter
from content.domain.items import Kind
from content.services import catalog
from servicekit.auth import AuthorUser, MaybeUser
from servicekit.errors import ValidationFailed
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/problems", tags=["problems"])
KINDS = (Kind.CODING.value, Kind.SYSTEM_DESIGN.value)
Pattern = Literal[
    "SLIDING_WINDOW",
    "TWO_POINTERS",
    "PREFIX_SUM",
    "BINARY_SEARCH",
    "BFS",
    "DFS",
    "DYNAMIC_PROGRAMMING",
    "BACKTRACKING",
    "GREEDY",
    "HEAP",
    "TRIE",
    "UNION_FIND",
    "INTERVAL_MERGING",
]


@router.get("", response_model=Page[dict[str, Any]])
async def list_problems(
    uow: Uow,
    user: MaybeUser,
    paging: Paging,
    kind: Literal["coding", "system_design"] | None = None,
    pattern: Pattern | None = None,
    rung: Annotated[int | None, Query(ge=1, le=5)] = None,
    difficulty: Literal["easy", "medium", "hard"] | None = None,
    category: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[dict[str, Any]]:
    where = ItemFilter(
        kinds=(kind,) if kind else KINDS,
        equals={"pattern": pattern, "rung": rung, "difficulty": difficulty, "category": category},
        text=q,
    )
    items, total = await catalog.list_items(
        uow=uow, where=where, limit=paging.limit, offset=paging.offset
    )
    return Page(
        items=[catalog.present(i, user) for i in items],
        total=total,
        limit=paging.limit,
        offset=paging.offset,
    )


@router.get("/{problem_id}")
async def get_problem(problem_id: str, uow: Uow, user: MaybeUser) -> dict[str, Any]:
    item = await catalog.get_item(uow=uow, kinds=KINDS, item_id=problem_id)
    return catalog.present(item, user)


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_problem(body: ProblemBody, uow: Uow, author: AuthorUser) -> dict[str, Any]:
    data = body.model_dump(exclude_none=True)
    item = await catalog.create_item(uow=uow, kind=Kind(body.kind), data=data, author=author)
    return catalog.present(item, author)


@router.patch("/{problem_id}")
async def update_problem(
    problem_id: str, body: ItemPatch, uow: Uow, author: AuthorUser
) -> dict[str, Any]:
    changes = body.changes()
    if not changes:
        raise ValidationFailed("Nothing to change")
    item = await catalog.update_item(
        uow=uow, kinds=KINDS, item_id=problem_id, changes=changes, editor=author
    )
    return catalog.present(item, author)


@router.delete("/{problem_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_problem(problem_id: str, uow: Uow, author: AuthorUser) -> Response:
    await catalog.delete_item(uow=uow, kinds=KINDS, item_id=problem_id, editor=author)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
