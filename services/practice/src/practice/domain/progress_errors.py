"""Expected failures of drills, progress and the professor's and admin's views."""

from servicekit.errors import Conflict, Forbidden, NotFound, ValidationFailed


class DrillNotFound(NotFound):
    def __init__(self, drill_id: str) -> None:
        super().__init__(f"No drill {drill_id!r}", code="DRILL_NOT_FOUND")


class NoUnansweredDrill(NotFound):
    def __init__(self) -> None:
        super().__init__("No unanswered drill left", code="NO_UNANSWERED_DRILL")


class DrillAlreadyAnswered(Conflict):
    def __init__(self, drill_id: str) -> None:
        super().__init__(
            f"Drill {drill_id!r} is already answered: each drill counts once",
            code="DRILL_ALREADY_ANSWERED",
        )


class NotAnOption(ValidationFailed):
    def __init__(self) -> None:
        super().__init__("The answer is not one of the drill's options", code="NOT_AN_OPTION")


class UnknownTimeZone(ValidationFailed):
    def __init__(self, name: str) -> None:
        super().__init__(f"Unknown time zone {name!r}: use an IANA name such as Europe/Paris")


class SubjectNotFound(NotFound):
    def __init__(self, subject_id: str) -> None:
        super().__init__(f"No subject {subject_id!r}", code="SUBJECT_NOT_FOUND")


class NotYourSubject(Forbidden):
    def __init__(self, subject_id: str) -> None:
        super().__init__(f"You do not teach subject {subject_id!r}", code="NOT_YOUR_SUBJECT")
