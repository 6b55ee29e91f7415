"""The one clock: every stored time is UTC (ARCHITECTURE.md §2); tests move it by patching
`utc_now` where it is used."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
