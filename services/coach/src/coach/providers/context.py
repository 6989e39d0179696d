"""The grounding of a prompt as text: the evidence and the numbered passages a model may cite."""

from __future__ import annotations

from coach.domain.answers import Passage, Prompt
from coach.domain.design import DesignGrounding
from coach.domain.evidence import Evidence
from coach.domain.gate_review import GateReview
from coach.providers.interviewer import interview_lines


def evidence_lines(evidence: Evidence) -> list[str]:
    """The evidence as sentences a learner can check against their own run."""
    lines: list[str] = []
    if evidence.tests_total:
        lines.append(f"{evidence.tests_passed} of {evidence.tests_total} tests passed.")
    if (test := evidence.failing_test) is not None:
        lines.append(
            f"Test {test.number} failed ({test.verdict}): input `{test.input}`, "
            f"expected `{test.expected}`, your code returned `{test.actual}`."
        )
    if (error := evidence.error) is not None:
        where = f"Line {error.line}" if error.line is not None else "Your code"
        lines.append(f"{where} raised `{error.message}`.")
    if evidence.hidden_failures:
        lines.append(f"{evidence.hidden_failures} hidden test(s) failed; their data stays hidden.")
    if evidence.score is not None:
        lines.append(f"Score: {evidence.score:g}.")
    for score in evidence.scores:
        because = f" ({score.evidence})" if score.evidence else ""
        lines.append(f"{score.criterion}: {score.value:g}{because}.")
    if evidence.gaps:
        lines.append("Not yet covered: " + ", ".join(evidence.gaps) + ".")
    return lines


def design_lines(design: DesignGrounding) -> list[str]:
    """The diagram against the requirements, as facts the learner can check on their canvas."""
    named = ", ".join(design.components) if design.components else "no components yet"
    lines = [f"The learner's diagram: {named}."]
    for requirement in design.covered:
        lines.append(
            f'Requirement {requirement.number}, "{requirement.text}": '
            f"met by {', '.join(requirement.components)}."
        )
    for requirement in design.missing:
        lines.append(
            f'Requirement {requirement.number}, "{requirement.text}": no component in the diagram.'
        )
    if design.focus is not None:
        lines.append(f"The learner's question is about requirement {design.focus.number}.")
    if design.constraint is not None:
        lines.append(f'A constraint that bears on it: "{design.constraint}".')
    return lines


def gate_lines(gate: GateReview) -> list[str]:
    """The problem as the learner sees it, their gate answer and the check's verdict."""
    lines = [f"Problem: {gate.title}", gate.statement]
    if gate.target_time:
        lines.append(f"The problem's target time bound: {gate.target_time}.")
    lines += [
        f"The learner's pattern: {gate.selected_pattern}.",
        f'The learner\'s invariant: "{gate.stated_invariant}"',
    ]
    if gate.stated_complexity:
        lines.append(f"The learner's stated complexity: {gate.stated_complexity}.")
    verdict = "passed" if gate.passed else "failed"
    lines.append(f"The deterministic check {verdict}.")
    lines += [f"Check error: {error}" for error in gate.errors]
    return lines


def passage_lines(passages: tuple[Passage, ...]) -> list[str]:
    return [f"[{n}] {p.heading}: {p.snippet()}" for n, p in enumerate(passages, start=1)]


def render_context(prompt: Prompt) -> str:
    parts: list[str] = []
    if prompt.evidence is not None:
        parts.append("Evidence:\n" + "\n".join(evidence_lines(prompt.evidence)))
    if prompt.design is not None:
        parts.append("Design:\n" + "\n".join(design_lines(prompt.design)))
    if prompt.gate is not None:
        parts.append("Thinking gate:\n" + "\n".join(gate_lines(prompt.gate)))
    if prompt.interview is not None:
        parts.append("Interview:\n" + "\n".join(interview_lines(prompt.interview)))
    if prompt.passages:
        parts.append("Passages:\n" + "\n".join(passage_lines(prompt.passages)))
    if prompt.refuse_solution:
        parts.append("The learner asked for the solution to graded work: refuse kindly and guide.")
    if prompt.message:
        parts.append(f"Learner: {prompt.message}")
    if prompt.generation is not None:
        parts.append(prompt.generation.brief())
    return "\n\n".join(parts)
