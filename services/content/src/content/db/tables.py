"""Content's tables: one catalogue table holds every kind, with its filter columns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

import servicekit.inbox
import servicekit.outbox  # noqa: F401  outbox
from servicekit.outbox import timestamp_field


class CatalogItem(SQLModel, table=True):
    __tablename__ = "catalog_items"
    __table_args__ = (Index("ix_catalog_items_kind_title", "kind", "title"),)

    id: str = Field(primary_key=True, max_length=120)
    kind: str = Field(max_length=30, index=True)
    title: str = Field(max_length=300)
    difficulty: str | None = Field(default=None, max_length=30)
    category: str | None = Field(default=None, max_length=200)
    pattern: str | None = Field(default=None, max_length=40)
    rung: int | None = None
    role: str | None = Field(default=None, max_length=40)
    type: str | None = Field(default=None, max_length=40)
    language: str | None = Field(default=None, max_length=20)
    professor_id: str | None = Field(default=None, max_length=64, index=True)  # subjects
    tags: str = ","  # ",a,b,": category, categories, topics and tags, lowercased
    search_text: str = ""
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    author_id: str | None = Field(default=None, max_length=64)
    source: str = Field(default="author", max_length=20)  # "pack", "author" or "generated"
    revision: int = 1
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class Enrolment(SQLModel, table=True):
    __tablename__ = "enrolments"

    subject_id: str = Field(primary_key=True, foreign_key="catalog_items.id", max_length=120)
    user_id: str = Field(primary_key=True, max_length=64, index=True)
    enrolled_at: datetime = timestamp_field()
