"""`/api/v1/questions`: the interview question bank."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from content.api.deps import Uow
from content.api.item_routes import add_item_routes, list_page
from content.api.views import views_of
from content.db.repositories import ItemFilter
from content.services import catalog
from contracts.catalogue.vocabulary import Kind, ProblemDifficulty, QuestionType
from servicekit.auth import MaybeUser, require_roles
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/questions", tags=["questions"])
VIEWS = views_of((Kind.QUESTION,))


def _where(
    type_: QuestionType | None,
    difficulty: ProblemDifficulty | None,
    category: str | None,
    topics: str | None,
) -> ItemFilter:
    tags = [t.strip() for t in (topics or "").split(",") if t.strip()]
    if category:
        tags.append(category)
    return ItemFilter(
        kinds=(Kind.QUESTION.value,),
        equals={"type": type_, "difficulty": difficulty},
        tags=tuple(tags),
    )


@router.get("", response_model=VIEWS.page)
async def list_questions(
    uow: Uow,
    viewer: MaybeUser,
    paging: Paging,
    type: QuestionType | None = None,
    difficulty: ProblemDifficulty | None = None,
    category: str | None = None,
    topics: Annotated[str | None, Query(description="comma-separated; all must match")] = None,
) -> Page[dict[str, Any]]:
    return await list_page(uow, _where(type, difficulty, category, topics), paging, viewer)


@router.get("/random", response_model=VIEWS.page)
async def random_questions(
    uow: Uow,
    viewer: MaybeUser,
    count: Annotated[int, Query(ge=1, le=50)] = 5,
    type: QuestionType | None = None,
    difficulty: ProblemDifficulty | None = None,
    category: str | None = None,
    topics: str | None = None,
) -> Page[dict[str, Any]]:
    rows = await catalog.random_items(
        uow=uow, where=_where(type, difficulty, category, topics), count=count
    )
    items = catalog.present_all(rows, viewer)
    return Page(items=items, total=len(items), limit=count, offset=0)


add_item_routes(router, kinds=(Kind.QUESTION,), writer=require_roles("professor", "admin"))
