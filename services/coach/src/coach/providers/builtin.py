"""The built-in provider: composes answers from the evidence and passages alone, needs nothing."""

from __future__ import annotations

import json
import time

from coach.domain.answers import Answer, Prompt
from coach.domain.feedback import feedback_type
from coach.providers.composer import compose
from coach.providers.context import evidence_lines, passage_lines, render_context
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
        elif prompt.purpose == "feedback":
            text = self._feedback(prompt)
        else:
            text = self._tutor(prompt)
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
