"""The interviewer's reply without a model, and the findings a model is shown instead.

Both come from `coach.domain.interview.TurnGrounding`: the tone of the scores, a short quote
of the learner's answer, how many key points it covered, and at most one missed key point.
"""

from __future__ import annotations

from coach.domain.interview import PLAIN_AT, Sentiment, TurnGrounding

_OPENERS: dict[str, dict[Sentiment, str]] = {
    "professional": {
        "positive": "Thank you, that is a solid answer.",
        "neutral": "Thank you. That is a reasonable start.",
        "negative": "Thank you. I don't think that answers the question yet.",
    },
    "friendly": {
        "positive": "Nice, I enjoyed that answer.",
        "neutral": "Good start, let's build on it.",
        "negative": "No worries, this one is tricky. Let's take it step by step.",
    },
    "direct": {
        "positive": "Good. That is what I wanted to hear.",
        "neutral": "Partly there.",
        "negative": "That misses the question.",
    },
}


def reply_text(grounding: TurnGrounding) -> str:
    """The interviewer's words: tone, the learner's quote, coverage, one pointer at most."""
    turn = grounding.turn
    openers = _OPENERS.get(turn.persona.personality.lower(), _OPENERS["professional"])
    if grounding.empty:
        return (
            f"{openers['negative']} I didn't hear an answer to that one. Take a moment, then "
            "tell me how you would approach it, even roughly."
        )
    lines = [openers[grounding.sentiment]]
    if grounding.quote is not None:
        if grounding.covered:
            lines.append(f'You said "{grounding.quote}": that speaks to {_listed(grounding)}.')
        else:
            lines.append(
                f'You said "{grounding.quote}", but that does not reach what the question asks.'
            )
    if grounding.missed:
        total = len(turn.key_points)
        lines.append(
            f"You covered {len(grounding.covered)} of the {total} points I was listening for."
        )
    if "repeated" in turn.notes:
        lines.append("Much of it repeats an earlier answer or the question: use your own words.")
    elif "keywords_only" in turn.notes:
        lines.append("Walk me through it in full sentences rather than a list of keywords.")
    elif turn.scores.communication < PLAIN_AT:
        lines.append("Structure it as steps: what happens first, then what, and why.")
    if grounding.pointer is not None and grounding.follow_up is None:
        lines.append(f"Think about {grounding.pointer}: where would it come in?")
    return " ".join(lines)


def _listed(grounding: TurnGrounding) -> str:
    named = grounding.covered[:3]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def interview_lines(grounding: TurnGrounding) -> list[str]:
    """The findings as facts for a model: what it may say, and what it must keep back."""
    turn = grounding.turn
    persona = turn.persona
    lines = [
        f"Interviewer: {persona.name}, {persona.personality}, {persona.experience}.",
        f"Question ({turn.question_type}, {turn.difficulty}): {turn.question}",
        f"Candidate's answer: {turn.answer or '(no answer)'}",
        f"Scores (final): completeness {turn.scores.completeness}, correctness "
        f"{turn.scores.correctness}, communication {turn.scores.communication}.",
        f"Tone: {grounding.sentiment}.",
    ]
    if grounding.quote is not None:
        lines.append(f'Quote to use: "{grounding.quote}".')
    if turn.key_points:
        covered = ", ".join(grounding.covered) or "none"
        lines.append(f"Key points covered ({len(grounding.covered)} of {len(turn.key_points)}):")
        lines.append(covered + ".")
    if grounding.pointer is not None:
        lines.append(f"The one missed key point you may name, as a question: {grounding.pointer}.")
    if turn.notes:
        lines.append("Findings: " + ", ".join(turn.notes) + ".")
    if grounding.follow_up is not None:
        lines.append(f"Follow-up sent separately: {grounding.follow_up}")
    return lines
