"""The hint ladder (seed 001): each level costs more, and the budget is 100 points."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from contracts.catalogue.parts import Hint
from contracts.catalogue.vocabulary import HINT_COSTS
from practice.domain.errors import HintBudgetExhausted, NoMoreHints

HINT_BUDGET = 100
_COSTS: dict[str, int] = {level: cost for level, cost in HINT_COSTS.items()}  # as stored


@dataclass(frozen=True)
class Budget:
    spent: int
    remaining: int
    total: int
    exhausted: bool


def budget(used: Sequence[str]) -> Budget:
    spent = sum(_COSTS.get(level, 0) for level in used)
    remaining = max(HINT_BUDGET - spent, 0)
    return Budget(spent=spent, remaining=remaining, total=HINT_BUDGET, exhausted=remaining == 0)


def _affordable(hint: Hint | None, remaining: int) -> bool:
    return hint is not None and HINT_COSTS[hint.level] <= remaining


def next_hint(ladder: Sequence[Hint], used: Sequence[str]) -> tuple[Hint, Budget, bool]:
    """The next unseen level, the budget once it is paid, and whether another can follow."""
    unseen = [hint for hint in ladder if hint.level not in used]
    if not unseen:
        raise NoMoreHints()
    hint, before = unseen[0], budget(used)
    if not _affordable(hint, before.remaining):
        raise HintBudgetExhausted(before.remaining, HINT_COSTS[hint.level])
    after = budget([*used, hint.level])
    following = unseen[1] if len(unseen) > 1 else None
    return hint, after, not _affordable(following, after.remaining)
