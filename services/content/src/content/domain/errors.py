"""Content's expected failures."""

from servicekit.errors import Conflict, NotFound

NOT_FOUND_CODES = {
    "coding": "PROBLEM_NOT_FOUND",
    "system_design": "PROBLEM_NOT_FOUND",
    "task": "TASK_NOT_FOUND",
    "drill": "DRILL_NOT_FOUND",
    "question": "QUESTION_NOT_FOUND",
    "bug_hunt": "ITEM_NOT_FOUND",
    "debug_lab": "ITEM_NOT_FOUND",
    "subject": "SUBJECT_NOT_FOUND",
}


class ItemNotFound(NotFound):
    def __init__(self, kinds: tuple[str, ...], item_id: str) -> None:
        super().__init__(
            f"No such item: {item_id}", code=NOT_FOUND_CODES.get(kinds[0], "NOT_FOUND")
        )


class ItemExists(Conflict):
    def __init__(self, item_id: str) -> None:
        super().__init__(f"An item with id {item_id!r} already exists")


class NoMatch(NotFound):
    """Nothing in the catalogue matches the filters."""

    def __init__(self, code: str) -> None:
        super().__init__("Nothing matches these filters", code=code)


class AlreadyEnrolled(Conflict):
    def __init__(self, subject_id: str) -> None:
        super().__init__(f"Already enrolled in {subject_id}", code="ALREADY_ENROLLED")
