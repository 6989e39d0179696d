"""The built-in provider: composes answers from the evidence and passages alone, needs nothing."""

from __future__ import annotations

import json
import time

from coach.domain.answers import Answer, Prompt
from coach.domain.design import DesignGrounding, Requirement
from coach.domain.feedback import feedback_type
from coach.providers.composer import compose
from coach.providers.context import evidence_lines, passage_lines, render_context
from coach.providers.interviewer import reply_text
from coach.providers.prompts import template

NAME = "builtin"
_NEXT_STEP = {
    "hint": "Run that input by hand through your code: where does your value first differ?",
    "explanation": "What do the values on that line hold just before it runs?",
    "review": "Can you say why it is correct, and what it costs in time and space?",
    "guidance": "Which part of the task does your answer not reach yet? Start there.",
}


class BuiltinProvider:
    def __init__(self, model: str) -> None:
        self._model = model

    @property
    def name(self) -> str:
        return NAME

    @property
    def model(self) -> str:
        return self._model

    async def answer(self, prompt: Prompt) -> Answer:
        started = time.perf_counter()
        if prompt.generation is not None:
            text = json.dumps(compose(prompt.generation))
        else:
            writers = {
                "feedback": self._feedback,
                "design": _design,
                "tutor": self._tutor,
                "gate": _no_concerns,
                "interview": _interview,
            }
            text = writers[prompt.purpose](prompt)
        return Answer(
            text=text,
            provider=NAME,
            model=self._model,
            prompt_version=template(prompt.purpose).version,
            latency_ms=(time.perf_counter() - started) * 1000,
            input_tokens=len(render_context(prompt).split()),
            output_tokens=len(text.split()),
            citations=prompt.passages,
        )

    def _feedback(self, prompt: Prompt) -> str:
        assert prompt.evidence is not None, "feedback is grounded in an evaluation"
        kind = feedback_type(prompt.evidence)
        lines = evidence_lines(prompt.evidence)
        if prompt.passages:
            lines.append("Related reading:")
            lines += passage_lines(prompt.passages)
        lines.append(_NEXT_STEP[kind])
        return "\n".join(lines)

    def _tutor(self, prompt: Prompt) -> str:
        subject = prompt.subject_name or "this subject"
        lines: list[str] = []
        if prompt.refuse_solution:
            lines.append(
                "I can't give you the solution to graded work, but I can help you reach it."
            )
        if prompt.passages:
            lines.append(f"Here is what {subject}'s material says:")
            lines += passage_lines(prompt.passages)
            lines.append(
                "Which of these matches where you are stuck? Try applying it to a small example "
                "and tell me what you get."
            )
        else:
            lines.append(
                f"I could not find this in {subject}'s guide. Which topic of the course does it "
                "belong to, and what have you tried so far?"
            )
        return "\n".join(lines)


def _no_concerns(prompt: Prompt) -> str:
    """Practice's check already explains the gate: without a model there is nothing to add."""
    return ""


def _interview(prompt: Prompt) -> str:
    assert prompt.interview is not None, "an interview turn is grounded in practice's findings"
    return reply_text(prompt.interview)


def _design(prompt: Prompt) -> str:
    """Cite the requirement at stake, name the learner's own components, ask; never design."""
    design = prompt.design
    assert design is not None, "design chat is grounded in the session's diagram"
    lines: list[str] = []
    if prompt.refuse_solution:
        lines.append("I won't hand you a finished design, but I can help you reach your own.")
    if not design.components:
        first = design.focus
        lines.append("Your diagram has no components yet.")
        if first is not None:
            lines.append(
                f"Start from {_cite(first)}: which component receives that request first, "
                "and what does it need to know to answer it?"
            )
        return "\n".join(lines)
    lines.append(f"Your diagram has {', '.join(design.components)}.")
    for requirement in design.cited:
        if requirement.components:
            meets = ", ".join(requirement.components)
            lines.append(f"{_cite(requirement, start=True)} rests on {meets}.")
        else:
            lines.append(f"{_cite(requirement, start=True)} has no component in your diagram yet.")
    lines.append(_question(design))
    return "\n".join(lines)


def _question(design: DesignGrounding) -> str:
    focus = design.focus
    if focus is None:
        return "Which requirement of the problem is your diagram weakest on, and why?"
    if not focus.components:
        return (
            f"Walk one request for requirement {focus.number} through your diagram: which of "
            "your components does that work, and what would it need to store?"
        )
    component = focus.components[0]
    if design.constraint is not None:
        return (
            f'With the constraint "{design.constraint}", how does {component} still meet '
            f"requirement {focus.number}, and what is its limit?"
        )
    return (
        f"What happens to requirement {focus.number} when {component} is slow or down, "
        "and how would you notice?"
    )


def _cite(requirement: Requirement, *, start: bool = False) -> str:
    word = "Requirement" if start else "requirement"
    return f'{word} {requirement.number} ("{requirement.text}")'
