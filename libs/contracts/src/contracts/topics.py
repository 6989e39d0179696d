"""Kafka topic names; each topic has one producing service."""

IDENTITY_USERS = "identity.users.v1"
CONTENT_CATALOG = "content.catalog.v1"
PRACTICE_SUBMISSIONS = "practice.submissions.v1"
EVALUATION_RESULTS = "evaluation.results.v1"
COACH_FEEDBACK = "coach.feedback.v1"
INTERVIEW_EVENTS = "interview.events.v1"

ALL = (
    IDENTITY_USERS,
    CONTENT_CATALOG,
    PRACTICE_SUBMISSIONS,
    EVALUATION_RESULTS,
    COACH_FEEDBACK,
    INTERVIEW_EVENTS,
)


def dead_letter(topic: str) -> str:
    """Where messages that keep failing on `topic` are parked, with their reason."""
    return f"{topic}.dlq"
