"""Practice's expected failures."""

from servicekit.errors import (
    Conflict,
    InvalidState,
    NotFound,
    ServiceError,
    TooEarly,
    Unavailable,
    ValidationFailed,
)

RETRY_COACH_AFTER_SECONDS = 5


class ProblemNotFound(NotFound):
    def __init__(self, problem_id: str, *, kind: str = "coding") -> None:
        what = "system-design" if kind == "system_design" else kind
        super().__init__(f"No {what} problem {problem_id!r}", code="PROBLEM_NOT_FOUND")


class AttemptNotFound(NotFound):
    def __init__(self, attempt_id: str) -> None:
        super().__init__(f"No attempt {attempt_id!r}", code="ATTEMPT_NOT_FOUND")


class SubmissionNotFound(NotFound):
    def __init__(self, submission_id: str) -> None:
        super().__init__(f"No submission {submission_id!r}", code="SUBMISSION_NOT_FOUND")


class TaskNotFound(NotFound):
    def __init__(self, task_id: str) -> None:
        super().__init__(f"No task {task_id!r}", code="TASK_NOT_FOUND")


class ResponseNotFound(NotFound):
    def __init__(self, response_id: str) -> None:
        super().__init__(f"No response {response_id!r}", code="RESPONSE_NOT_FOUND")


class FeedbackNotYet(TooEarly):
    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})


class DesignSessionNotFound(NotFound):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"No design session {session_id!r}", code="DESIGN_SESSION_NOT_FOUND")


class TooManyOpenSessions(Conflict):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"At most {limit} design sessions can be open at once: submit or abandon one first",
            code="TOO_MANY_OPEN_SESSIONS",
        )


class ChatLimitReached(Conflict):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"A design session holds at most {limit} chat messages", code="CHAT_LIMIT_REACHED"
        )


class CoachUnavailable(Unavailable):
    """The coach did not answer; the learner's message is kept, and sending it again is safe."""

    def __init__(self, why: str) -> None:
        super().__init__(
            f"The coach {why}. Your message was kept: send it again to get the answer.",
            headers={"Retry-After": str(RETRY_COACH_AFTER_SECONDS)},
        )


class CoachTimeout(CoachUnavailable):
    status, code, title = 504, "UPSTREAM_TIMEOUT", "Gateway Timeout"

    def __init__(self) -> None:
        super().__init__("did not answer in time")


class BugHuntItemNotFound(NotFound):
    def __init__(self, item_id: str) -> None:
        super().__init__(f"No bug-hunt item {item_id!r}", code="BUG_HUNT_ITEM_NOT_FOUND")


class BugHuntAttemptNotFound(NotFound):
    def __init__(self, attempt_id: str) -> None:
        super().__init__(f"No bug-hunt attempt {attempt_id!r}", code="BUG_HUNT_ATTEMPT_NOT_FOUND")


class DebugLabItemNotFound(NotFound):
    def __init__(self, item_id: str) -> None:
        super().__init__(f"No debug-lab item {item_id!r}", code="DEBUG_LAB_ITEM_NOT_FOUND")


class NoDebugLabItemLeft(NotFound):
    def __init__(self) -> None:
        super().__init__(
            "No debug-lab item left that you have not passed", code="DEBUG_LAB_ITEM_NOT_FOUND"
        )


class DebugLabAttemptNotFound(NotFound):
    def __init__(self, attempt_id: str) -> None:
        super().__init__(f"No debug-lab attempt {attempt_id!r}", code="DEBUG_LAB_ATTEMPT_NOT_FOUND")


class InvalidTransition(InvalidState):
    def __init__(self, what: str, action: str, status: str) -> None:
        super().__init__(f"Cannot {action} a {what} that is {status.lower()}")


class StepNotFound(NotFound):
    def __init__(self, step_id: str) -> None:
        super().__init__(f"No step {step_id!r} on this attempt", code="NOT_FOUND")


class AlreadyCompleted(ServiceError):
    status, code, title = 409, "ALREADY_COMPLETED", "Already Completed"


class TriageRequired(ServiceError):
    status, code, title = 409, "TRIAGE_REQUIRED", "Triage Required"

    def __init__(self) -> None:
        super().__init__("This item asks for a triage before its tests are run")


class NotEditable(ValidationFailed):
    """Edited files must be editable files of the item; names every offending path."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(
            f"Not editable files of this item: {', '.join(paths)}",
            errors=[
                {"loc": ["body", "files", path], "msg": "not an editable file", "type": "value"}
                for path in paths
            ],
        )


class PayloadTooLarge(ServiceError):
    status, code, title = 413, "PAYLOAD_TOO_LARGE", "Payload Too Large"


class HintBudgetExhausted(Conflict):
    def __init__(self, remaining: int, cost: int) -> None:
        super().__init__(
            f"The next hint costs {cost} and {remaining} of the budget is left",
            code="HINT_BUDGET_EXHAUSTED",
        )


class NoMoreHints(Conflict):
    def __init__(self) -> None:
        super().__init__("Every hint of this problem has been shown", code="NO_MORE_HINTS")


class InterviewNotFound(NotFound):
    def __init__(self, interview_id: str) -> None:
        super().__init__(f"No interview {interview_id!r}", code="INTERVIEW_NOT_FOUND")


class TooManyOpenInterviews(Conflict):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"At most {limit} interviews can be open at once: complete one first",
            code="TOO_MANY_OPEN_INTERVIEWS",
        )


class InterviewBusy(Conflict):
    def __init__(self) -> None:
        super().__init__("Another step of this interview was taken at the same time: try again")
