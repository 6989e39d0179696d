from gateway.openapi import OWN_PATHS, merge


def document(path: str, schema: dict) -> dict:
    ref = {"$ref": "#/components/schemas/Item"}
    return {
        "paths": {
            path: {
                "get": {"responses": {"200": {"content": {"application/json": {"schema": ref}}}}}
            },
            "/health": {},
        },
        "components": {"schemas": {"Item": schema}},
    }


def test_public_paths_are_merged_and_clashing_schemas_get_a_prefix() -> None:
    merged = merge(
        {
            "content": document("/api/v1/problems", {"type": "object", "title": "problem"}),
            "practice": document("/api/v1/attempts", {"type": "object", "title": "attempt"}),
        },
        title="Whetstone",
    )
    assert set(merged["paths"]) == {"/api/v1/problems", "/api/v1/attempts", *OWN_PATHS}
    schemas = merged["components"]["schemas"]
    assert schemas["Item"]["title"] == "problem"
    assert schemas["practice.Item"]["title"] == "attempt"
    ref = merged["paths"]["/api/v1/attempts"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["$ref"]
    assert ref == "#/components/schemas/practice.Item"


def test_gateway_paths_are_public_and_the_websocket_is_described_in_prose() -> None:
    merged = merge({}, title="Whetstone")
    assert set(merged["paths"]) == {"/health", "/ready", "/metrics"}
    assert all(path["get"]["security"] == [] for path in merged["paths"].values())
    ready = merged["paths"]["/ready"]["get"]["responses"]
    assert ready["503"]["content"]["application/json"]["schema"]["$ref"].endswith("/Readiness")
    assert "Readiness" in merged["components"]["schemas"]
    assert "`WS /api/v1/interviews/{id}/ws` streams" in merged["info"]["description"]
    assert "will" not in merged["info"]["description"]
