"""Content's expected failures."""

from pydantic import ValidationError

from servicekit.errors import Conflict, NotFound, ValidationFailed

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


class InvalidItem(ValidationFailed):
    """The item, as written or as merged with a change, does not fit its kind's model."""

    def __init__(
        self, error: ValidationError | None = None, *, loc: str = "", msg: str = ""
    ) -> None:
        problems = error.errors(include_input=False, include_url=False) if error else []
        errors = [
            {
                "loc": ["body", *(_printable(p) for p in e["loc"])],
                "msg": e["msg"],
                "type": e["type"],
            }
            for e in problems
        ] or [{"loc": ["body", loc], "msg": msg, "type": "value_error"}]
        super().__init__("The item is not valid", errors=errors[:50])


def _printable(part: str | int) -> str | int:
    """A path part as JSON can carry it (author-written keys may hold lone surrogates)."""
    if isinstance(part, int):
        return part
    return part.encode("utf-8", "replace").decode()[:100]
