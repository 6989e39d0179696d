"""The OpenAPI document describes the answers content really gives, and the bodies it takes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

CODING: dict[str, Any] = {
    "kind": "coding",
    "title": "Pairs that add up",
    "description": "Count the pairs that add up to the target.",
    "execution": {"mode": "function", "entry_point": "pairs"},
    "tests": [
        {"input": [[1, 2], 3], "expected_output": 1},
        {"input": [[], 3], "expected_output": 0, "is_hidden": True},
    ],
    "reference_solutions": {"python": "def pairs(xs, t):\n    return 0\n"},
}
SCHEMAS = "#/components/schemas/"


def _documented(document: dict[str, Any], path: str, method: str) -> dict[str, dict[str, Any]]:
    """The views an operation's answer may be, by name."""
    responses = document["paths"][path][method]["responses"]
    schema = next(r for code, r in responses.items() if code.startswith("2"))["content"]
    refs = [m["$ref"] for m in schema["application/json"]["schema"]["anyOf"]]
    components = document["components"]["schemas"]
    return {ref.removeprefix(SCHEMAS): components[ref.removeprefix(SCHEMAS)] for ref in refs}


async def test_learners_and_authors_get_the_views_the_document_names(
    app: FastAPI, client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    document = app.openapi()
    views = _documented(document, "/api/v1/problems/{item_id}", "get")
    assert list(views) == [
        "PublicCodingProblemView",
        "CodingProblemView",
        "PublicSystemDesignProblemView",
        "SystemDesignProblemView",
        "StoredItem",
    ]
    assert _documented(document, "/api/v1/problems", "post") == views

    created = await client.post(
        "/api/v1/problems", json=CODING, headers=tokens.headers("author", "professor")
    )
    assert created.status_code == 201, created.text
    full, public = views["CodingProblemView"], views["PublicCodingProblemView"]
    assert set(created.json()) == set(full["properties"])

    served = (await client.get(f"/api/v1/problems/{created.json()['id']}")).json()
    assert set(served) == set(public["properties"])
    assert public["additionalProperties"] is False
    assert "reference_solutions" not in served
    assert [t["is_hidden"] for t in served["tests"]] == [False]

    page = await client.get("/api/v1/problems")
    assert page.json()["items"] == [served]


def test_a_patch_body_must_change_something_and_does_not_offer_id_or_kind(app: FastAPI) -> None:
    patch = app.openapi()["paths"]["/api/v1/drills/{item_id}"]["patch"]
    schema = patch["requestBody"]["content"]["application/json"]["schema"]
    assert (schema["minProperties"], schema["required"]) == (1, [])
    assert not {"id", "kind"} & set(schema["properties"])
    assert "validated as a whole" in patch["description"]
