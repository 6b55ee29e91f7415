"""Settings, read from the environment (prefix HARBOUR_) and an optional .env file."""

import contextlib
import os
import secrets
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def made_once(path: Path, make: Callable[[], bytes]) -> bytes:
    """The file's content; made with `make` (readable by its owner only) if it is missing."""
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
        f.write(make())
    # link() is atomic and refuses to replace: when two processes start together,
    # both end up reading the one file that was linked first.
    with contextlib.suppress(FileExistsError):
        os.link(draft, path)
    draft.unlink()
    return path.read_bytes().strip()


def _http_proxy(url: str) -> bool:
    """http(s)://host[:port], a user and password allowed, nothing after."""
    try:
        parts = urlsplit(url)
        port = parts.port  # a port that is not a number, or out of range, raises
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and port != 0
        and not (parts.path.strip("/") or parts.query or parts.fragment)
    )


class Settings(BaseSettings):
    # hide_input_in_errors: a setting refused at start is named, its value (a key, a proxy's
    # password) never printed.
    model_config = SettingsConfigDict(
        env_prefix="HARBOUR_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

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
    secret_key: str = Field(
        default="",
        description=(
            "Keys the hashes of invite and recovery codes and signs the sign-in transaction "
            "cookie. Empty means a random key made once and kept in data_dir/secret.key; "
            "several machines must be given the same key."
        ),
    )
    totp_keys: str = Field(
        default="",
        description=(
            "Keys that encrypt staff TOTP secrets in the database (Fernet keys, comma "
            "separated, newest first): new secrets use the first, any of them decrypts. To "
            "rotate, put a new key first, run `harbour staff rekey-totp`, then drop the old. "
            "Empty means one made once and kept in data_dir/totp.key; several machines must "
            "be given the same keys."
        ),
    )
    public_origin: str = Field(
        default="",
        description=(
            "Where people open Harbour, e.g. https://harbour.example.gov.uk. Passkeys are "
            "bound to its host name. Empty: the origin each request came to."
        ),
    )
    young_person_idle_minutes: int = Field(default=14 * 24 * 60, ge=1)
    young_person_absolute_hours: int = Field(default=90 * 24, ge=1)
    staff_idle_minutes: int = Field(default=60, ge=1)
    staff_absolute_hours: int = Field(default=12, ge=1)
    lockout_free_attempts: int = Field(
        default=5, ge=1, description="Wrong tries answered at once, before any wait."
    )
    lockout_threshold: int = Field(default=10, ge=2, description="Wrong tries that lock.")
    lockout_base_delay_seconds: float = Field(
        default=2.0, gt=0, description="The first wait; it doubles with each wrong try."
    )
    invite_tries_per_address_hour: int = Field(
        default=30,
        ge=1,
        description="Invite-code tries one network address may make in any hour (then one "
        "more each time 1/N of an hour passes). High, so a shared network is not blocked.",
    )
    invite_tries_total_hour: int = Field(
        default=2000,
        ge=1,
        description="Invite-code tries from everywhere together in any hour: caps guessing "
        "spread over many addresses.",
    )

    vapid_private_key: str = Field(
        default="",
        description="The VAPID private key (PEM) that signs every push. Empty means one made "
        "once and kept in data_dir/vapid.pem. Changing it stops every subscription working.",
    )
    vapid_public_key: str = Field(
        default="", description="Its public key (PEM); empty means derived from the private key."
    )
    vapid_contact: str = Field(
        default="mailto:harbour-support@example.org",
        pattern=r"^mailto:[^@\s]+@[^@\s]+$",
        description="Push services (Apple's too) refuse a made-up address: a real mailbox of "
        "the team that runs Harbour.",
    )
    sealing_private_key: str = Field(
        default="",
        description="The P-256 private key (PEM) that locked phones seal outbox bodies to "
        "(decision 020). Empty means one made once and kept in data_dir/sealing.pem; several "
        "machines must be given the same key (or share data_dir). Changing it refuses what "
        "locked phones sealed to the old one.",
    )
    push_hosts: str = Field(
        default=(
            "fcm.googleapis.com, updates.push.services.mozilla.com, *.push.apple.com, "
            "*.notify.windows.com"
        ),
        description="Push services Harbour will send to, comma separated: a host (https "
        "only), `*.` for any host under a domain, or `http://host:port` (tests only).",
    )
    push_proxy: str = Field(
        default="",
        description="An HTTP proxy that pushes to push services go through, for networks "
        "that reach the internet only through one, e.g. http://proxy.council.internal:3128. "
        "Empty: straight to the push service (HTTPS_PROXY and the like are not read).",
    )

    worker_in_serve: bool | None = Field(
        default=None,
        description="Run the reminder worker inside `harbour serve`. Unset: yes on the "
        "embedded SQLite database, no on PostgreSQL (run `harbour worker` instead).",
    )

    workers: int = Field(
        default=1,
        ge=1,
        description="Processes `harbour serve` starts to answer requests (`--workers`). More "
        "than one needs PostgreSQL: SQLite has one writer.",
    )
    shutdown_timeout_seconds: int = Field(
        default=30,
        ge=1,
        description="On SIGTERM, how long requests already running (a sync batch) may take to "
        "finish before they are cut off. Keep it below the orchestrator's kill timeout.",
    )
    ready_timeout_seconds: float = Field(
        default=2,
        gt=0,
        description="How long /healthz/ready waits for the database before answering 503.",
    )
    metrics_host: str = Field(
        default="127.0.0.1",
        description="Where the Prometheus metrics listen: their own port, never the app's. "
        "Another address than this machine's own needs HARBOUR_METRICS_TOKEN.",
    )
    metrics_port: int = Field(
        default=9464, ge=0, le=65535, description="The metrics port; 0 turns metrics off."
    )
    metrics_token: str = Field(
        default="",
        description="When set, the metrics answer only `Authorization: Bearer <token>`.",
    )

    # PostgreSQL only (SQLite has no server to wait on). Each serving process holds up to
    # pool_size + max_overflow connections: see docs/operations.md for the sum.
    database_pool_size: int = Field(
        default=10, ge=1, description="Connections each process keeps open (PostgreSQL)."
    )
    database_max_overflow: int = Field(
        default=10, ge=0, description="Extra connections a busy process may open for a while."
    )
    database_pool_timeout_seconds: float = Field(
        default=10, gt=0, description="How long a request waits for a free connection."
    )
    database_connect_timeout_seconds: int = Field(
        default=5, ge=1, description="How long opening a connection may take."
    )
    database_statement_timeout_seconds: float = Field(
        default=30,
        ge=0,
        description="PostgreSQL cancels any one statement that runs longer (0: no limit).",
    )
    database_idle_in_transaction_timeout_seconds: float = Field(
        default=60,
        ge=0,
        description="PostgreSQL ends a session left idle inside a transaction this long, "
        "releasing its locks (0: no limit).",
    )

    @field_validator("push_proxy")
    @classmethod
    def _an_http_proxy(cls, value: str) -> str:
        """Checked here, at start: the push transport refuses anything else only when the
        worker makes it, and the message may not name the setting."""
        if value and not _http_proxy(value):
            raise ValueError(
                "HARBOUR_PUSH_PROXY must be empty or an HTTP proxy's address, "
                "http://host:port or https://host:port (SOCKS proxies are not supported)"
            )
        return value

    @property
    def runs_worker_in_serve(self) -> bool:
        if self.worker_in_serve is not None:
            return self.worker_in_serve
        return self.resolved_database_url.startswith("sqlite")

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'harbour.db'}"

    def resolved_secret_key(self) -> bytes:
        """The configured key, or one made on first use and kept beside the database."""
        if self.secret_key:
            return self.secret_key.encode()
        return made_once(self.data_dir / "secret.key", lambda: secrets.token_urlsafe(48).encode())

    def resolved_totp_keys(self) -> list[bytes]:
        """The configured keys, or one made on first use and kept beside the database."""
        if self.totp_keys.strip():
            return [key.strip().encode() for key in self.totp_keys.split(",") if key.strip()]
        return [made_once(self.data_dir / "totp.key", Fernet.generate_key)]


@lru_cache
def get_settings() -> Settings:
    return Settings()
