"""One OpenAPI document for the whole public API, merged from every service's own."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
from typing import Any

import httpx

logger = logging.getLogger(__name__)
REFRESH_SECONDS = 60.0
PUBLIC_PREFIX = "/api/v1/"
SCHEMA_REF = "#/components/schemas/"

# OpenAPI has no WebSocket operations: the interview socket is described in prose.
DESCRIPTION = """\
The public API of Whetstone, merged from every service. Paths under `/api/v1` are proxied to
the service that owns them; `/health`, `/ready` and `/metrics` are the gateway's own.

## WebSocket: an interview's events

`WS /api/v1/interviews/{id}/ws` streams an interview's events to its owner, one JSON text frame
per event: `{"type", "data", "sequence", "interview_id", "event_id", "occurred_at"}`, where
`type` is `question_presented`, `answer_evaluated`, `session_completed` or `typing_indicator`.
Send the access token in the `Sec-WebSocket-Protocol` header as `bearer, <token>` (the server
selects `bearer`) or as `?access_token=`. A missing or invalid token (401), another user's
interview (404) or too many sockets for one interview (429) is refused with a problem+json
HTTP answer before the upgrade. Each tab may hold its own socket. The server pings idle
sockets; it closes one with 4401 when its token expires or is revoked (refresh, reconnect),
with 4008 when the client reads too slowly, and with 1001 when the gateway stops. Delivery is at
least once: drop a repeated `event_id`; `sequence` orders one interview's events.
"""

OWN_SCHEMAS: dict[str, Any] = {
    "Health": {
        "type": "object",
        "properties": {"status": {"const": "ok"}},
        "required": ["status"],
    },
    "Readiness": {
        "type": "object",
        "properties": {
            "status": {
                "enum": ["ready", "degraded", "not_ready"],
                "description": "degraded: a reported check is down; not_ready: a required one",
            },
            "service": {"type": "string"},
            "checks": {
                "type": "object",
                "description": "`routes` (required) and one entry per upstream service (reported)",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "status": {"enum": ["up", "down"]},
                        "required": {"type": "boolean"},
                        "detail": {"type": "string", "maxLength": 200},
                    },
                    "required": ["status", "required"],
                },
            },
        },
        "required": ["status", "service", "checks"],
    },
}


def _json(description: str, schema: str) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": f"{SCHEMA_REF}{schema}"}}}
    return {"description": description, "content": content}


def _operation(summary: str, responses: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {"tags": ["operations"], "summary": summary, "security": [], "responses": responses}
    }


OWN_PATHS: dict[str, Any] = {
    "/health": _operation("Liveness of the gateway", {"200": _json("alive", "Health")}),
    "/ready": _operation(
        "Readiness of the gateway, with each upstream service's state",
        {
            "200": _json("the gateway can route (some upstreams may be down)", "Readiness"),
            "503": _json("the gateway cannot route", "Readiness"),
        },
    ),
    "/metrics": _operation(
        "Prometheus metrics of the gateway",
        {
            "200": {
                "description": "text exposition format",
                "content": {"text/plain": {"schema": {"type": "string"}}},
            }
        },
    ),
}


def merge(documents: dict[str, dict[str, Any]], *, title: str) -> dict[str, Any]:
    """The gateway's own paths and every service's public ones; a schema name used differently
    by two services gets a prefix."""
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1.0.0", "description": DESCRIPTION},
        "paths": copy.deepcopy(OWN_PATHS),
        "components": {
            "schemas": copy.deepcopy(OWN_SCHEMAS),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
        "security": [{"bearer": []}],
    }
    schemas: dict[str, Any] = merged["components"]["schemas"]
    for service, document in sorted(documents.items()):
        own = document.get("components", {}).get("schemas", {})
        renames = {
            name: f"{service}.{name}"
            for name, schema in own.items()
            if name in schemas and schemas[name] != schema
        }
        document = _rename_refs(copy.deepcopy(document), renames)
        for name, schema in document.get("components", {}).get("schemas", {}).items():
            schemas[renames.get(name, name)] = schema
        for path, operations in document.get("paths", {}).items():
            if path.startswith(PUBLIC_PREFIX):
                merged["paths"][path] = operations
    return merged


def _rename_refs(document: dict[str, Any], renames: dict[str, str]) -> dict[str, Any]:
    if not renames:
        return document
    text = json.dumps(document)
    for old, new in renames.items():
        text = text.replace(f'"{SCHEMA_REF}{old}"', f'"{SCHEMA_REF}{new}"')
    return dict(json.loads(text))


class OpenApiCache:
    """Refreshed in the background; a service that is down keeps its last known document."""

    def __init__(self, upstreams: dict[str, str], title: str) -> None:
        self._upstreams = upstreams
        self._title = title
        self._documents: dict[str, dict[str, Any]] = {}
        self.document: dict[str, Any] = merge({}, title=title)

    async def refresh(self, client: httpx.AsyncClient) -> None:
        for service, url in self._upstreams.items():
            with contextlib.suppress(httpx.HTTPError, ValueError):
                response = await client.get(f"{url}/openapi.json", timeout=5.0)
                response.raise_for_status()
                self._documents[service] = response.json()
        self.document = merge(self._documents, title=self._title)

    async def run(self, client: httpx.AsyncClient) -> None:
        while True:
            await self.refresh(client)
            complete = len(self._documents) == len(self._upstreams)
            await asyncio.sleep(REFRESH_SECONDS if complete else 2.0)
