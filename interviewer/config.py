"""Every setting in one place: environment variables (INTERVIEWER_*) over an optional TOML file."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from interviewer.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parents[1]
OFFLINE_ENVIRONMENT = {
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
}


def config_file() -> Path | None:
    """INTERVIEWER_CONFIG (empty: no config file at all), else `interviewer.toml` if there is one."""
    named = os.environ.get("INTERVIEWER_CONFIG", "interviewer.toml")
    return Path(named) if named else None


def default_data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "interviewer"


class Settings(BaseSettings):
    """Effective configuration. `interviewer config` prints it with secrets masked."""

    model_config = SettingsConfigDict(env_prefix="INTERVIEWER_", extra="forbid", frozen=True)

    data_dir: Path = Field(default_factory=default_data_dir, description="Chroma, sessions, models.")
    database_url: str = Field(
        default="",
        description="Sessions and coach reviews: a SQLAlchemy URL, e.g. postgresql+psycopg://user:password@host/db "
        "for a team; empty: SQLite at <data_dir>/sessions.db.",
    )
    knowledge_dir: Path = Field(default=REPO_ROOT / "knowledge", description="Question banks.")
    prompts_dir: Path = Field(default=REPO_ROOT / "prompts", description="Prompt templates.")
    embedding_model: str = Field(
        default="minilm",
        description="minilm (bundled, offline) | openai:<model> | sentence-transformers:<path>",
    )
    chroma_url: str = Field(default="", description="Chroma server, e.g. http://127.0.0.1:8000; empty: embedded.")
    engine: str = Field(default="offline", description="Grading engine: offline | llm.")
    chat_model: str = Field(
        default="", description="provider:model (e.g. openai:gpt-4o-mini), local or local:<path.gguf>; empty: none."
    )
    allowed_models: list[str] = Field(
        default_factory=list,
        description="Models the app offers (provider:model or local); the app also offers chat_model, and local "
        "when the local-llm extra is installed. Anything else typed into the app is refused.",
    )
    openai_base_url: str = Field(default="", description="OpenAI-compatible server URL (vLLM, Ollama, llama.cpp).")
    openai_api_key: SecretStr = Field(default=SecretStr(""), description="Key for OpenAI or a compatible server.")
    coach_password: SecretStr = Field(default=SecretStr(""), description="Password for the coach tab.")
    token_budget: int = Field(default=1500, gt=0, description="Longest answer graded, in tokens.")
    prices: dict[str, tuple[float, float]] = Field(
        default_factory=lambda: {"gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.5, 10.0)},
        description="USD per million input/output tokens, per model.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
        return init_settings, env_settings, toml

    @property
    def api_key(self) -> str:
        return self.openai_api_key.get_secret_value() or os.environ.get("OPENAI_API_KEY", "")

    @property
    def database_password(self) -> str:
        """The password inside `database_url` (a secret to redact), or empty."""
        url = _database_url(self.database_url)
        return str(url.password or "") if url else ""

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning invalid values into one ConfigError naming the field, a TOML syntax
    error into one naming file:line:column, and an INTERVIEWER_CONFIG that names no file into an error."""
    path = config_file()
    if os.environ.get("INTERVIEWER_CONFIG") and path is not None and not path.is_file():
        raise ConfigError(f"INTERVIEWER_CONFIG={path}: no such file (set it empty for no config file)")
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_problem(path, exc)) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid configuration ({config_file()} or INTERVIEWER_* variables): {fields}") from exc


def _toml_problem(path: Path | None, exc: tomllib.TOMLDecodeError) -> str:
    """`interviewer.toml:3:9: invalid TOML: Expected '=' after a key in a key/value pair`."""
    message = str(exc)
    where = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if where is None:
        return f"{path}: invalid TOML: {message}"
    return f"{path}:{where[1]}:{where[2]}: invalid TOML: {message[: where.start()]}"


def _database_url(url: str) -> URL | None:
    try:
        return make_url(url) if url else None
    except ArgumentError:
        return None


def shown_url(url: str) -> str:
    """A database URL fit to show: its password, if any, as ***."""
    parsed = _database_url(url)
    return parsed.render_as_string(hide_password=True) if parsed else mask(url)


def mask(value: str) -> str:
    return "" if not value else f"{value[:3]}…{'*' * 4}" if len(value) > 8 else "****"


def describe(settings: Settings) -> dict[str, str]:
    """The effective settings as display strings, secrets masked."""
    shown: dict[str, str] = {}
    for name in Settings.model_fields:
        value = getattr(settings, name)
        shown[name] = mask(value.get_secret_value()) if isinstance(value, SecretStr) else str(value)
    shown["openai_api_key"] = mask(settings.api_key)
    shown["database_url"] = shown_url(settings.database_url)
    return shown


def apply_offline_environment() -> None:
    """Turn off telemetry and hub downloads before any library that reads them is imported."""
    for key, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
