"""Content settings, read from `CONTENT_*` environment variables."""

from pathlib import Path

from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings

DEFAULT_PACK = Path(__file__).resolve().parents[2] / "pack"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTENT_", extra="ignore")
    service_name = "content"
    default_port = 8002

    pack_dir: Path = DEFAULT_PACK
