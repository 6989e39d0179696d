"""How the judge runs a problem: shared by catalogue items and the submissions practice sends."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.catalogue.vocabulary import Comparison


class ExecutionSpec(BaseModel):
    """How the judge calls the code and compares its answers."""

    model_config = ConfigDict(frozen=True)

    mode: Literal["function", "stdio"]
    entry_point: str | None = Field(
        default=None, max_length=80, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$"
    )
    comparison: Comparison = "exact"


class TestSpec(BaseModel):
    """One test as the judge needs it; `expected_output` never enters the sandbox."""

    __test__ = False  # not a pytest test class

    model_config = ConfigDict(frozen=True)

    input: Any
    expected_output: Any
    is_hidden: bool = False
