"""What typed values must look like, in one place.

PostgreSQL cannot store NUL, and other control characters only hide things from whoever reads
the text, so every text field refuses them: a 422 naming the field, never a 500. Dates and
times arrive as ISO 8601 text; a bare number is refused rather than read as seconds since 1970.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator, field_validator

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


def _not_null(value: object) -> object:
    if value is None:
        raise ValueError("may not be null; leave it out to keep what is there")
    return value


def refuse_null(*fields: str) -> Any:
    """For bodies of changes, where a field left out stays as it is: these fields may be
    left out but not sent as null (what they set may not be empty), so null is a 422
    naming the field rather than a database error."""
    return field_validator(*fields, mode="before")(_not_null)


def first_name(display_name: str | None) -> str | None:
    """How staff are named to young people: the first word of their display name."""
    return display_name.split()[0] if display_name and display_name.split() else None
