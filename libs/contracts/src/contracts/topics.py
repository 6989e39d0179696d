"""Kafka topic names; each topic has one producing service."""

IDENTITY_USERS = "identity.users.v1"
# Identity's trust material, for a service that reaches no other service (evaluation):
IDENTITY_SIGNING_KEYS = "identity.signing-keys.v1"  # compacted: the latest record per key id
IDENTITY_REVOCATIONS = "identity.revocations.v1"  # kept longer than any access token lives
CONTENT_CATALOG = "content.catalog.v1"
PRACTICE_SUBMISSIONS = "practice.submissions.v1"
EVALUATION_RESULTS = "evaluation.results.v1"
COACH_FEEDBACK = "coach.feedback.v1"
COACH_GENERATION = "coach.generation.v1"  # generated items, for content to store
CONTENT_GENERATION = "content.generation.v1"  # what content did with each generated item
INTERVIEW_EVENTS = "interview.events.v1"

ALL = (
    IDENTITY_USERS,
    IDENTITY_SIGNING_KEYS,
    IDENTITY_REVOCATIONS,
    CONTENT_CATALOG,
    PRACTICE_SUBMISSIONS,
    EVALUATION_RESULTS,
    COACH_FEEDBACK,
    COACH_GENERATION,
    CONTENT_GENERATION,
    INTERVIEW_EVENTS,
)


def dead_letter(topic: str) -> str:
    """Where messages that keep failing on `topic` are parked, with their reason."""
    return f"{topic}.dlq"
