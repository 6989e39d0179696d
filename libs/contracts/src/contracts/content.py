"""Events produced by content on `content.catalog.v1`, and on `content.generation.v1` the
outcome of each item coach generated.

`item` carries the whole item as authors see it (hidden tests included): the
topic is internal, and consumers keep the read models they need from it. Version 2
of ContentPublished and ContentUpdated carries the typed item; content sends it
beside version 1 until every consumer reads version 2.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from contracts.catalogue.items import CatalogueItem
from contracts.catalogue.vocabulary import ContentType
from contracts.envelope import Event
from contracts.topics import CONTENT_CATALOG, CONTENT_GENERATION

__all__ = [
    "ContentDeleted",
    "ContentPublished",
    "ContentPublishedV2",
    "ContentType",
    "ContentUpdated",
    "ContentUpdatedV2",
    "GeneratedItemSettled",
    "StudentEnrolled",
]


class _ContentEvent(Event):
    topic = CONTENT_CATALOG
    content_type: ContentType
    content_id: str

    def aggregate_key(self) -> str:
        return f"{self.content_type}:{self.content_id}"


class ContentPublished(_ContentEvent):
    event_type = "content.content_published"
    event_version = 1

    revision: int
    item: dict[str, Any]


class ContentUpdated(_ContentEvent):
    event_type = "content.content_updated"
    event_version = 1

    revision: int
    item: dict[str, Any]


class ContentPublishedV2(_ContentEvent):
    """An item was added; `item` is typed (its `kind` says which model)."""

    event_type = "content.content_published"
    event_version = 2

    revision: int
    item: CatalogueItem


class ContentUpdatedV2(_ContentEvent):
    """An item changed; `item` is the whole typed item after the change."""

    event_type = "content.content_updated"
    event_version = 2

    revision: int
    item: CatalogueItem


class ContentDeleted(_ContentEvent):
    event_type = "content.content_deleted"
    event_version = 1


class StudentEnrolled(Event):
    """A student joined a subject: professors may then follow their work."""

    event_type = "content.student_enrolled"
    event_version = 1
    topic = CONTENT_CATALOG

    subject_id: str
    user_id: str

    def aggregate_key(self) -> str:
        return f"subject:{self.subject_id}"


class GeneratedItemSettled(Event):
    """What content did with a generated item: stored it, or refused it and why."""

    event_type = "content.generated_item_settled"
    event_version = 1
    topic = CONTENT_GENERATION

    job_id: str = Field(max_length=36)
    item_id: str = Field(max_length=120)
    outcome: Literal["stored", "duplicate", "invalid"]
    detail: str = Field(default="", max_length=2000)
    duplicate_of: str | None = Field(default=None, max_length=120)  # the item it repeats

    def aggregate_key(self) -> str:
        return self.job_id
