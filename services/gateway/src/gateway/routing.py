"""Which service owns a public path: longest prefix, matched on whole path segments."""

from __future__ import annotations

from dataclasses import dataclass

API = "/api/v1"
OWNERS: dict[str, tuple[str, ...]] = {
    "identity": ("/auth", "/users", "/admin/users"),
    "content": (
        "/problems",
        "/tasks",
        "/drills",
        "/questions",
        "/bug-hunt/items",
        "/debug-lab/items",
        "/subjects",
    ),
    "practice": (
        "/problems/next",
        "/drills/next",
        "/drills/answers",
        "/drills/history",
        "/drills/stats",
        "/attempts",
        "/submissions",
        "/skills",
        "/responses",
        "/progress",
        "/design-sessions",
        "/interviews",
        "/bug-hunt/attempts",
        "/debug-lab/next",
        "/debug-lab/attempts",
        "/analytics",
        "/professor",
        "/admin/stats",
    ),
    "evaluation": ("/evaluations", "/runs"),
    "coach": ("/chat", "/coach", "/admin/generate", "/admin/crons", "/system"),
}


@dataclass(frozen=True)
class Route:
    service: str
    prefix: str

    @property
    def template(self) -> str:
        """A bounded label for metrics: the owning prefix, never the raw path."""
        return f"{self.prefix}/*"


def _table() -> list[Route]:
    routes = [
        Route(service, API + prefix) for service, prefixes in OWNERS.items() for prefix in prefixes
    ]
    return sorted(routes, key=lambda r: len(r.prefix), reverse=True)


ROUTES = _table()


def resolve(path: str) -> Route | None:
    """The route owning `path`, or None; `/problems/next` beats `/problems`."""
    for route in ROUTES:
        if path == route.prefix or path.startswith(route.prefix + "/"):
            return route
    return None
