"""What typed values must look like, in one place.

PostgreSQL cannot store NUL, and other control characters only hide things from whoever reads
the text, so every text field refuses them: a 422 naming the field, never a 500. Dates and
times arrive as ISO 8601 text; a bare number is refused rather than read as seconds since 1970.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated

from pydantic import AwareDatetime, BeforeValidator

# One line: names, labels, titles, usernames.
PLAIN_TEXT = r"^[^\x00-\x1f\x7f]*$"
# Paragraphs: line breaks and tabs are fine; other control characters are not.
FREE_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def _iso_text(example: str, parse: Callable[[str], object]) -> BeforeValidator:
    message = f"must be ISO 8601 text, e.g. {example}"

    def check(value: object) -> object:
        if not isinstance(value, str):
            raise ValueError(message)
        try:
            parse(value)
        except ValueError:
            raise ValueError(message) from None
        return value

    return BeforeValidator(check)


IsoDatetime = Annotated[AwareDatetime, _iso_text("2026-11-23T09:00:00Z", datetime.fromisoformat)]
IsoDate = Annotated[date, _iso_text("2026-12-01", date.fromisoformat)]


def first_name(display_name: str | None) -> str | None:
    """How staff are named to young people: the first word of their display name."""
    return display_name.split()[0] if display_name and display_name.split() else None
