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
