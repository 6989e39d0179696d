from pathlib import Path

from identity.config import Settings
from identity.main import create_app
from servicekit.cli import main

main(
    create_app=create_app,
    settings=Settings,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
)
