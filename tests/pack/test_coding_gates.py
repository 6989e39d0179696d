"""Every coding problem carries a thinking-gate answer practice can judge (seed 001)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from contracts.catalogue import CodingProblem
from contracts.catalogue.vocabulary import PATTERNS
from practice.domain.gate import GateAnswer, check_gate, required_concepts

PACK = Path(__file__).resolve().parents[2] / "services" / "content" / "pack"
CODING = sorted(PACK.glob("coding/*.yaml"))


def problem(path: Path) -> CodingProblem:
    return CodingProblem.model_validate(yaml.safe_load(path.read_text()))


@pytest.mark.parametrize("path", CODING, ids=[p.stem for p in CODING])
def test_the_invariant_names_the_concepts_its_pattern_is_judged_on(path: Path) -> None:
    item = problem(path)
    assert item.pattern is not None
    assert item.invariant, "a coding problem needs an invariant for its thinking gate"
    named = required_concepts(item, item.pattern)
    # naming none would make the gate ask for all of them; two or more keep it specific
    assert len(named) >= 2, [c.name for c in named]
    assert item.pattern not in item.accepted_patterns


@pytest.mark.parametrize("path", CODING, ids=[p.stem for p in CODING])
def test_stating_the_invariant_passes_and_a_wrong_pattern_fails(path: Path) -> None:
    item = problem(path)
    assert item.invariant is not None
    assert item.pattern is not None
    assert check_gate(item, GateAnswer(item.pattern, item.invariant)).passed
    fits = {item.pattern, *item.accepted_patterns}
    wrong = next(p for p in PATTERNS if p not in fits)
    assert not check_gate(item, GateAnswer(wrong, item.invariant)).passed
