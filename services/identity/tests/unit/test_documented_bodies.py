"""What identity's request bodies document is what they accept."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from identity.api.schemas import UpdateMe


def test_patch_me_documents_that_it_needs_a_field_and_never_clears_a_name() -> None:
    schema = UpdateMe.model_json_schema()
    assert schema["minProperties"] == 1
    assert schema["properties"]["full_name"]["type"] == "string"
    assert {"type": "null"} not in schema["properties"]["profile"].get("anyOf", [])
    assert schema["$defs"]["ProfilePatch"]["minProperties"] == 1
    # and the model refuses what the document leaves out
    for body in ({}, {"full_name": None}, {"profile": None}, {"profile": {}}):
        with pytest.raises(ValidationError):
            UpdateMe.model_validate(body)
    assert UpdateMe.model_validate({"selected_role": None}).changes() == {"selected_role": None}


def test_an_unknown_time_zone_is_one_error_on_the_field_alone() -> None:
    with pytest.raises(ValidationError) as refused:
        UpdateMe.model_validate({"preferences": {"time_zone": "Mars/Olympus"}})
    assert [e["loc"] for e in refused.value.errors()] == [("preferences", "time_zone")]
    zone = UpdateMe.model_validate({"preferences": {"time_zone": "Asia/Tokyo"}}).changes()
    assert zone == {"preferences": {"time_zone": "Asia/Tokyo"}}
