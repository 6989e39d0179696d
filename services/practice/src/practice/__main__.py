from pathlib import Path

from practice.commands import rebuild_read_models_command
from practice.config import Settings
from practice.main import create_app
from servicekit.cli import main

main(
    create_app=create_app,
    settings=Settings,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
    commands={
        "rebuild-read-models": (
            "rebuild the catalogue, users, enrolments and the activity ledger from the topics "
            "and practice's own work",
            rebuild_read_models_command,
        )
    },
)
