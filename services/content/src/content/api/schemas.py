"""Request bodies of content's routes; items are open documents (see docs/content-pack.md)."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ItemBody(BaseModel):
    """An item as an author writes it: the fields of its kind, validated loosely."""

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{1,118}$")
    title: str | None = Field(default=None, min_length=1, max_length=300)


class ProblemBody(ItemBody):
    kind: Literal["coding", "system_design"] = "coding"
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(min_length=1)
    difficulty: Literal["easy", "medium", "hard"] = "medium"


class ItemPatch(BaseModel):
    model_config = ConfigDict(extra="allow")

    def changes(self) -> dict[str, Any]:
        data = self.model_dump(exclude_unset=True)
        data.pop("id", None)
        data.pop("kind", None)
        return data
