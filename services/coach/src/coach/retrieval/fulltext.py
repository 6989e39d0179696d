"""One `PassageIndex` per engine, over the `passages` table and its full-text index.

SQLite keeps an FTS5 table `passages_fts` keyed by the passage's id; PostgreSQL a
generated `search` tsvector column with a GIN index. Both rank and return the same shape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlmodel.ext.asyncio.session import AsyncSession

from coach.domain.answers import Passage
from coach.domain.chunking import Chunk

MAX_TERMS = 16
_WORD = re.compile(r"[^\W_]{3,40}", re.UNICODE)
_STOP = frozenset(
    re.findall(
        r"\S+",
        "the and for are but not you your with this that what which how why when where who "
        "can could would should does did has have had was were will its from into about "
        "there their them then than also just like please explain tell",
    )
)


def search_terms(query: str) -> list[str]:
    """The distinct content words of a question, lower-case, at most MAX_TERMS."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(query.lower()):
        if word not in _STOP:
            seen.setdefault(word)
    return list(seen)[:MAX_TERMS]


class _SqlPassages:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _execute(self, sql: str, **params: Any) -> Any:
        return await self._session.exec(text(sql), params=params)  # type: ignore[call-overload]

    async def _insert_rows(
        self, source_id: str, subject_id: str | None, chunks: Sequence[Chunk]
    ) -> None:
        for number, chunk in enumerate(chunks):
            await self._execute(
                "INSERT INTO passages (id, source_id, subject_id, heading, body) "
                "VALUES (:id, :source_id, :subject_id, :heading, :body)",
                id=f"{source_id}#{number}",
                source_id=source_id,
                subject_id=subject_id,
                heading=chunk.heading,
                body=chunk.body,
            )

    @staticmethod
    def _passages(rows: Any) -> list[Passage]:
        return [
            Passage(
                passage_id=row.id,
                source_id=row.source_id,
                subject_id=row.subject_id,
                heading=row.heading,
                body=row.body,
            )
            for row in rows
        ]


class SqlitePassageIndex(_SqlPassages):
    async def replace(
        self, *, source_id: str, subject_id: str | None, chunks: Sequence[Chunk]
    ) -> None:
        await self.remove(source_id)
        await self._insert_rows(source_id, subject_id, chunks)
        await self._execute(
            "INSERT INTO passages_fts (passage_id, heading, body) "
            "SELECT id, heading, body FROM passages WHERE source_id = :source_id",
            source_id=source_id,
        )

    async def remove(self, source_id: str) -> None:
        await self._execute(
            "DELETE FROM passages_fts WHERE passage_id IN "
            "(SELECT id FROM passages WHERE source_id = :source_id)",
            source_id=source_id,
        )
        await self._execute(
            "DELETE FROM passages WHERE source_id = :source_id", source_id=source_id
        )

    async def search(self, query: str, *, subject_id: str | None, limit: int) -> list[Passage]:
        terms = search_terms(query)
        if not terms:
            return []
        match = " OR ".join(f'"{term}"' for term in terms)  # quoted: no FTS5 syntax from users
        rows = await self._execute(
            "SELECT p.id, p.source_id, p.subject_id, p.heading, p.body FROM passages_fts "
            "JOIN passages AS p ON p.id = passages_fts.passage_id "
            "WHERE passages_fts MATCH :match AND (p.subject_id IS NULL OR p.subject_id = :subject) "
            # A subject's own guide first, then the catalogue; bm25 is lower for better matches.
            "ORDER BY (p.subject_id IS NULL), bm25(passages_fts, 0.0, 2.0, 1.0) LIMIT :limit",
            match=match,
            subject=subject_id,
            limit=limit,
        )
        return self._passages(rows)


class PostgresPassageIndex(_SqlPassages):
    async def replace(
        self, *, source_id: str, subject_id: str | None, chunks: Sequence[Chunk]
    ) -> None:
        await self.remove(source_id)
        await self._insert_rows(source_id, subject_id, chunks)

    async def remove(self, source_id: str) -> None:
        await self._execute(
            "DELETE FROM passages WHERE source_id = :source_id", source_id=source_id
        )

    async def search(self, query: str, *, subject_id: str | None, limit: int) -> list[Passage]:
        terms = search_terms(query)
        if not terms:
            return []
        rows = await self._execute(
            "SELECT p.id, p.source_id, p.subject_id, p.heading, p.body "
            "FROM passages AS p, to_tsquery('english', :query) AS q "
            "WHERE p.search @@ q AND (p.subject_id IS NULL OR p.subject_id = :subject) "
            "ORDER BY (p.subject_id IS NULL), ts_rank_cd(p.search, q) DESC, p.id LIMIT :limit",
            # Terms are plain words (search_terms), so joining them with | is a valid tsquery.
            query=" | ".join(terms),
            subject=subject_id,
            limit=limit,
        )
        return self._passages(rows)
