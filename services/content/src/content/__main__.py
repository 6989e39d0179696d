from pathlib import Path

from content.commands import announce_command, announce_options, check_command, load_pack_command
from content.config import Settings
from content.main import create_app
from servicekit.cli import CommandWithOptions, main

main(
    create_app=create_app,
    settings=Settings,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
    commands={
        "load-pack": ("load the content pack (idempotent)", load_pack_command),
        "check": ("validate every stored item; exit 1 if any is not valid", check_command),
        "announce": CommandWithOptions(
            "publish every item and enrolment again (rebuilds other services' read models)",
            announce_options,
            announce_command,
        ),
    },
)
