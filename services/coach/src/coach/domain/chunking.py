"""Cutting a subject's guide and a catalogue item into passages that retrieval can cite."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHUNK_CHARS = 1200
MAX_CHUNKS = 200
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class Chunk:
    heading: str
    body: str


def chunk_markdown(text: str, *, title: str) -> list[Chunk]:
    """One chunk per section (its heading, else `title`), long sections cut at paragraphs."""
    sections: list[tuple[str, list[str]]] = [(title, [])]
    for line in text.splitlines():
        if match := _HEADING.match(line):
            sections.append((match.group(2), []))
        else:
            sections[-1][1].append(line)
    chunks: list[Chunk] = []
    for heading, lines in sections:
        for body in _paragraph_groups("\n".join(lines)):
            chunks.append(Chunk(heading=heading[:200], body=body))
    return chunks[:MAX_CHUNKS]


def _paragraph_groups(text: str) -> list[str]:
    groups: list[str] = []
    current = ""
    for paragraph in (p.strip() for p in re.split(r"\n\s*\n", text)):
        if not paragraph:
            continue
        if current and len(current) + len(paragraph) + 2 > MAX_CHUNK_CHARS:
            groups.append(current)
            current = ""
        current = f"{current}\n\n{paragraph}" if current else paragraph
        while len(current) > MAX_CHUNK_CHARS:
            groups.append(current[:MAX_CHUNK_CHARS])
            current = current[MAX_CHUNK_CHARS:]
    if current:
        groups.append(current)
    return groups
