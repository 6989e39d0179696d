"""Design-session chat (seed 004): practice keeps the session and its messages, coach answers."""

from __future__ import annotations

from dataclasses import dataclass

from coach.domain.answers import Answer, Prompt, Turn
from coach.domain.design import DesignContext, DesignGrounding, ground
from coach.domain.guard import asks_for_solution
from coach.services.ports import Provider


@dataclass(frozen=True)
class DesignReply:
    answer: Answer
    grounding: DesignGrounding
    refused: bool  # the learner asked for a finished design

    @property
    def components_named(self) -> tuple[str, ...]:
        """The learner's components the answer names, as they wrote them."""
        text = self.answer.text.lower()
        return tuple(c for c in self.grounding.components if c.lower() in text)


async def answer_design_question(
    *, provider: Provider, context: DesignContext, message: str, history: tuple[Turn, ...]
) -> DesignReply:
    """Answer from the problem's requirements and the diagram as it stands; never a design."""
    grounding = ground(context, message)
    refused = asks_for_solution(message)
    answer = await provider.answer(
        Prompt(
            purpose="design",
            message=message,
            subject_name=context.title,
            design=grounding,
            history=history,
            refuse_solution=refused,
        )
    )
    return DesignReply(answer=answer, grounding=grounding, refused=refused)
