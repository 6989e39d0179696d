from typing import Any

from gateway.config import Settings
from gateway.main import create_app
from servicekit.cli import main
from servicekit.settings import ServiceSettings


def server_options(settings: ServiceSettings) -> dict[str, Any]:
    assert isinstance(settings, Settings)
    return {
        "workers": settings.workers,
        # websockets' sans-I/O protocol: keepalive pings, and HTTP denials before the upgrade.
        "ws": "websockets-sansio",
        "ws_ping_interval": settings.ws_ping_interval_seconds,
        "ws_ping_timeout": settings.ws_ping_timeout_seconds,
        "ws_max_size": 4096,  # clients send nothing on these sockets but pongs
        # A compression context per socket costs memory and CPU for every frame, and each
        # frame is one small JSON event: browsers offer deflate, the gateway declines it.
        "ws_per_message_deflate": False,
    }


main(
    create_app=create_app,
    settings=Settings,
    migrations_dir=None,
    server_options=server_options,
    app_factory="gateway.main:create_app",
)
