"""Events produced by content on `content.catalog.v1`.

`item` carries the whole item as authors see it (hidden tests included): the
topic is internal, and consumers keep the read models they need from it.
"""

from __future__ import annotations

from typing import Any, Literal

from contracts.envelope import Event
from contracts.topics import CONTENT_CATALOG

ContentType = Literal[
    "problem", "task", "drill", "question", "bug_hunt_item", "debug_lab_item", "subject"
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
