"""Identity's expected failures, each with its HTTP status and stable `code`."""

from servicekit.errors import Conflict, Forbidden, NotFound, RateLimited, Unauthenticated


class AlreadyExists(Conflict):
    def __init__(self, what: str = "An account with this email or username") -> None:
        super().__init__(f"{what} already exists", code="CONFLICT")


class EmailTaken(AlreadyExists):
    def __init__(self) -> None:
        super().__init__("An account with this email")


class UsernameTaken(AlreadyExists):
    def __init__(self) -> None:
        super().__init__("An account with this username")


class BadCredentials(Unauthenticated):
    """One answer for an unknown email and a wrong password, so neither can be told apart."""

    def __init__(self) -> None:
        super().__init__("Email or password is wrong")


class SessionEnded(Unauthenticated):
    def __init__(self, detail: str = "This session has ended; log in again") -> None:
        super().__init__(detail)


class UserNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such user", code="USER_NOT_FOUND")


class OwnRoleChange(Forbidden):
    def __init__(self) -> None:
        super().__init__("Admins cannot change their own role")


class TooManyAttempts(RateLimited):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "Too many login attempts; try again later", headers={"Retry-After": str(retry_after)}
        )
