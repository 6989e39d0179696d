from pathlib import Path

from identity.config import Settings
from identity.main import create_app, rotate_keys
from servicekit.cli import main

main(
    create_app=create_app,
    settings=Settings,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
    commands={
        "rotate-keys": (
            "add a signing key; the current one retires once it is published",
            rotate_keys,
        ),
    },
)
