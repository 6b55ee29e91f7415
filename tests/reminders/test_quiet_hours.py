"""Quiet hours as a pure rule: over midnight or within a day, in the council's time zone."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from harbour.reminders.service import quiet_until

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("now", "start", "end", "until"),
    [
        ("2026-11-20T20:59:00", "21:00", "08:00", None),
        ("2026-11-20T21:00:00", "21:00", "08:00", "2026-11-21T08:00:00"),
        ("2026-11-21T03:00:00", "21:00", "08:00", "2026-11-21T08:00:00"),
        ("2026-11-21T08:00:00", "21:00", "08:00", None),
        ("2026-11-20T13:30:00", "13:00", "14:00", "2026-11-20T14:00:00"),
        ("2026-11-20T14:00:00", "13:00", "14:00", None),
        ("2026-11-20T23:00:00", "09:00", "09:00", None),  # equal: no quiet hours
        # 22:30 in summer time is 21:30 UTC; quiet ends 07:00 BST = 06:00 UTC.
        ("2026-06-10T21:30:00", "22:00", "07:00", "2026-06-11T06:00:00"),
    ],
)
def test_quiet_hours(now: str, start: str, end: str, until: str | None) -> None:
    moment = datetime.fromisoformat(now).replace(tzinfo=UTC)
    expected = datetime.fromisoformat(until).replace(tzinfo=UTC) if until else None
    assert quiet_until(moment, start, end, LONDON) == expected
