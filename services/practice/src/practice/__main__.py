from pathlib import Path

from practice.config import Settings
from practice.main import create_app
from servicekit.cli import main

main(
    create_app=create_app,
    settings=Settings,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
)
