"""Request bodies of content's routes.

An item's body is validated by its kind's model in contracts.catalogue (the same model
the pack loader and PATCH use), so routes take it as a JSON object and the use case
validates it whole.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body

ItemBody = Annotated[
    dict[str, Any],
    Body(description="the item's fields; see docs/content-pack.md for each kind"),
]
ItemChanges = Annotated[
    dict[str, Any],
    Body(description="fields to replace, at least one; the merged item is validated whole"),
]


def changes_of(body: dict[str, Any]) -> dict[str, Any]:
    """What a PATCH changes: everything but the item's identity."""
    return {k: v for k, v in body.items() if k not in ("id", "kind")}
