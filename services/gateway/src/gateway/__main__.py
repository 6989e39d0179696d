from gateway.config import Settings
from gateway.main import create_app
from servicekit.cli import main

main(create_app=create_app, settings=Settings, migrations_dir=None)
