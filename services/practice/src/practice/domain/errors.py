"""Practice's expected failures."""

from servicekit.errors import InvalidState, NotFound, ServiceError


class ProblemNotFound(NotFound):
    def __init__(self, problem_id: str) -> None:
        super().__init__(f"No coding problem {problem_id!r}", code="PROBLEM_NOT_FOUND")


class AttemptNotFound(NotFound):
    def __init__(self, attempt_id: str) -> None:
        super().__init__(f"No attempt {attempt_id!r}", code="ATTEMPT_NOT_FOUND")


class SubmissionNotFound(NotFound):
    def __init__(self, submission_id: str) -> None:
        super().__init__(f"No submission {submission_id!r}", code="SUBMISSION_NOT_FOUND")


class AttemptFinished(InvalidState):
    def __init__(self, state: str) -> None:
        super().__init__(f"The attempt is {state.lower()} and takes no more code")


class CodeTooLarge(ServiceError):
    status, code, title = 413, "PAYLOAD_TOO_LARGE", "Payload Too Large"
