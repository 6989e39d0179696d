"""Gateway settings, read from `GATEWAY_*` environment variables."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")
    service_name = "gateway"
    default_port = 8000
    uses_database = False

    identity_url: str = "http://127.0.0.1:8001"
    content_url: str = "http://127.0.0.1:8002"
    practice_url: str = "http://127.0.0.1:8003"
    evaluation_url: str = "http://127.0.0.1:8004"
    coach_url: str = "http://127.0.0.1:8005"
    connect_timeout_seconds: float = Field(default=2.0, gt=0)
    request_timeout_seconds: float = Field(default=30.0, gt=0)
    max_body_bytes: int = Field(default=1024 * 1024, gt=0)
    cors_origins: list[str] = Field(default_factory=list)
    # The upstream pool: in total and to each service (aiohttp's hidden default is 100 in total).
    max_connections: int = Field(default=1024, gt=0)
    max_connections_per_upstream: int = Field(default=256, gt=0)
    # Below uvicorn's 5 s, so the gateway drops an idle connection before the service does.
    upstream_keepalive_seconds: float = Field(default=4.0, gt=0)
    # `?wait=` requests one user may have held at once; beyond, they pass on without the hold.
    max_waits_per_user: int = Field(default=4, ge=0)
    # Overrides of the contract's limits, e.g. {"auth": "5/minute"}; see ratelimit.py.
    rate_limits: dict[str, str] = Field(default_factory=dict)
    # Proxies whose X-Forwarded-For is believed; everyone else is their socket address.
    trusted_proxies: list[str] = Field(default_factory=list)
    # Interview WebSockets (see fanout/): frames queued per socket before a slow one is closed,
    # sockets per interview (tabs of one user) and per process, and how often revocations and
    # liveness (ping, then the pong's deadline) are checked.
    ws_queue_size: int = Field(default=64, ge=1, le=10_000)
    ws_max_sockets_per_interview: int = Field(default=8, ge=1, le=100)
    ws_max_sockets: int = Field(default=20_000, ge=1)
    ws_revocation_check_seconds: float = Field(default=5.0, gt=0)
    ws_ping_interval_seconds: float = Field(default=20.0, gt=0)
    ws_ping_timeout_seconds: float = Field(default=20.0, gt=0)
    # uvicorn worker processes; each is a replica of its own (own fan-out reader).
    workers: int = Field(default=1, ge=1, le=64)

    def upstreams(self) -> dict[str, str]:
        return {
            "identity": self.identity_url,
            "content": self.content_url,
            "practice": self.practice_url,
            "evaluation": self.evaluation_url,
            "coach": self.coach_url,
        }
