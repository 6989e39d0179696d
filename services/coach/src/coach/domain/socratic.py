"""Socratic questions (seed 001): each points at the evidence, none gives the fix."""

from __future__ import annotations

from coach.domain.evidence import Evidence


def socratic_questions(evidence: Evidence) -> list[str]:
    """Questions in the order a tutor would ask them, from the most concrete evidence."""
    questions: list[str] = []
    if (error := evidence.error) is not None:
        where = f" on line {error.line}" if error.line is not None else ""
        questions.append(
            f"Your code stopped{where} with `{error.message}`. "
            "What value did the variables on that line hold just before it ran?"
        )
    if (test := evidence.failing_test) is not None:
        questions.append(
            f"Test {test.number} gives input `{test.input}` and expects `{test.expected}`, "
            f"but your code returned `{test.actual}`. Can you trace that input by hand, "
            "step by step, and find the first step where your result drifts from the expected one?"
        )
        questions.append(
            f"What is special about the input `{test.input}` compared with the tests that pass: "
            "its size, an edge value, an empty or repeated element?"
        )
    if evidence.hidden_failures and test is None:
        questions.append(
            f"Your visible tests pass but {evidence.hidden_failures} hidden test(s) fail. "
            "Which inputs have you not tried yet: empty, very large, negative, duplicates?"
        )
    for gap in evidence.gaps[:2]:
        questions.append(
            f"Your answer does not address {gap}. Where would it matter in this problem?"
        )
    if not questions:
        questions.append(
            "Your work passes what was checked. Can you explain why it is correct, "
            "and what its time and space costs are?"
        )
    return questions
