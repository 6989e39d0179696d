"""Identity's expected failures."""

from servicekit.errors import Conflict, NotFound, RateLimited, Unauthenticated


class EmailTaken(Conflict):
    def __init__(self) -> None:
        super().__init__("An account with this email already exists", code="CONFLICT")


class UsernameTaken(Conflict):
    def __init__(self) -> None:
        super().__init__("This username is taken", code="CONFLICT")


class BadCredentials(Unauthenticated):
    def __init__(self) -> None:
        super().__init__("Email or password is wrong")


class UserNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such user", code="USER_NOT_FOUND")


class TooManyAttempts(RateLimited):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "Too many login attempts; try again later", headers={"Retry-After": str(retry_after)}
        )
