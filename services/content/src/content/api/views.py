"""Response bodies of content's routes: each kind's public and full views, documented.

A route answers one of its kinds' views: the public model for learners, the full item
for its author and admins, both with the catalogue's metadata. The views refuse
unknown fields, so the public view can only validate what `present` made public and
the document says exactly which fields each answer has. A stored item that no longer
fits its model is shown to authors as stored (`StoredItem`), so that they can repair it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

from contracts.catalogue import ITEM_MODELS, PUBLIC_MODELS, Kind
from servicekit.pagination import Page


class Catalogued(BaseModel):
    """What the catalogue adds to every item it serves."""

    model_config = ConfigDict(extra="forbid")

    author_id: str | None
    source: Literal["author", "pack", "generated"] = "author"  # generated: written by coach
    revision: int
    created_at: datetime
    updated_at: datetime


class StoredItem(Catalogued):
    """An item as stored that no longer fits its kind's model; only authors and admins see it."""

    model_config = ConfigDict(extra="allow", title="StoredItem")

    id: str
    kind: str


class Listed(BaseModel):
    """A subject in a listing also says how many students are enrolled."""

    student_count: int = Field(ge=0)


def _view(model: type[BaseModel], name: str, *extra: type[BaseModel]) -> type[BaseModel]:
    return create_model(name, __base__=(model, *extra, Catalogued), __module__=__name__)


@cache
def _views(kind: Kind, *extra: type[BaseModel]) -> tuple[type[BaseModel], ...]:
    """The public view first (tried first), then the full one when it has more fields."""
    public, full = PUBLIC_MODELS[kind], ITEM_MODELS[kind]
    suffix = "".join(e.__name__ for e in extra)
    views = [_view(public, f"{public.__name__}{suffix}View", *extra)]
    if set(full.model_fields) != set(public.model_fields):
        views.append(_view(full, f"{full.__name__}{suffix}View", *extra))
    return tuple(views)


@dataclass(frozen=True)
class Views:
    """The documented answer for one item of a resource and for a page of them."""

    one: Any
    page: type[BaseModel]


@cache
def views_of(kinds: tuple[Kind, ...], *extra: type[BaseModel]) -> Views:
    """`kinds`' views as one union, tried left to right, and a page of them.

    Cached: every route of a resource documents the same models, made once.
    """
    name = "".join(p.capitalize() for k in kinds for p in k.value.split("_"))
    name += "".join(e.__name__ for e in extra)
    members = (*(view for kind in kinds for view in _views(kind, *extra)), StoredItem)
    # A union built at run time: mypy cannot check a type made of values.
    one: Any = Annotated[Union[members], Field(union_mode="left_to_right")]  # type: ignore[valid-type]  # noqa: UP007
    page = create_model(f"{name}Page", __base__=Page[one], __module__=__name__)
    return Views(one=one, page=page)


class Enrolment(BaseModel):
    subject_id: str
    user_id: str
    enrolled: Literal[True] = True
