"""Coach's expected failures, each with its status and code (problem+json)."""

from __future__ import annotations

from servicekit.errors import Forbidden, NotFound, RateLimited, ValidationFailed


class NotEnrolled(Forbidden):
    code = "NOT_ENROLLED"

    def __init__(self, subject_id: str) -> None:
        super().__init__(f"You are not enrolled in subject {subject_id}")


class SubjectNotFound(NotFound):
    def __init__(self, subject_id: str) -> None:
        super().__init__(f"Subject {subject_id} not found")


class SessionNotFound(NotFound):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"Chat session {session_id} not found")


class FeedbackNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No feedback found for that target")


class AttemptNotFound(NotFound):
    def __init__(self, attempt_id: str) -> None:
        super().__init__(f"No evaluated work found for attempt {attempt_id}")


class SessionSubjectMismatch(ValidationFailed):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"Chat session {session_id} belongs to another subject")


class TooManyMessages(RateLimited):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "Too many chat messages: wait before sending another",
            headers={"Retry-After": str(retry_after)},
        )


class GenerationJobNotFound(NotFound):
    code = "GENERATION_JOB_NOT_FOUND"

    def __init__(self, job_id: str) -> None:
        super().__init__(f"Generation job {job_id} not found")
