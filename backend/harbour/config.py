"""Settings, read from the environment (prefix HARBOUR_) and an optional .env file."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HARBOUR_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=PROJECT_ROOT / "var", description="Where the SQLite file lives.")
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL. Empty means the embedded SQLite file in data_dir.",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    static_dir: Path = Field(default=PROJECT_ROOT / "frontend" / "dist")
    content_dir: Path = Field(default=PROJECT_ROOT / "content")
    log_level: str = "INFO"
    log_json: bool = True

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'harbour.db'}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
