"""Local-offer shapes: the content-pack item and what the API returns."""

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from harbour.editing.schemas import Edited
from harbour.kernel.text import FREE_TEXT, PLAIN_TEXT
from harbour.tenants.schemas import SLUG_PATTERN


def _calendar_date(value: object) -> object:
    # Pydantic would also take a number of seconds since 1970 or a date and time; a person
    # typing a date means a calendar date (YAML reads an unquoted one as a date already).
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


CalendarDate = Annotated[date, BeforeValidator(_calendar_date)]


class Area(StrEnum):
    """The six areas every local offer must cover."""

    health_and_wellbeing = "health_and_wellbeing"
    relationships = "relationships"
    education_and_training = "education_and_training"
    employment = "employment"
    accommodation = "accommodation"
    participation = "participation"


class LegalStatus(StrEnum):
    looked_after = "looked_after"
    eligible = "eligible"
    relevant = "relevant"
    former_relevant = "former_relevant"
    qualifying = "qualifying"


Condition = StrEnum(
    "Condition",
    "in_education_or_training in_higher_education in_work young_parent living_independently",
)


Frequency = StrEnum("Frequency", "one_off per_week per_month per_year")


class Amount(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pence: int = Field(
        strict=True, ge=0, le=10_000_000, description="Whole pence: £3,000 is 300000."
    )
    frequency: Frequency


class Eligibility(BaseModel):
    model_config = ConfigDict(extra="forbid")

    statuses: list[LegalStatus] = Field(
        default_factory=list, description="Empty means any legal status."
    )
    min_age: int | None = Field(default=None, strict=True, ge=11, le=25)
    max_age: int | None = Field(default=None, strict=True, ge=11, le=25)
    conditions: list[Condition] = Field(
        default_factory=list, description="Every condition listed must apply."
    )

    @model_validator(mode="after")
    def _ages_in_order(self) -> "Eligibility":
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError("min_age must not be above max_age")
        return self


class OfferItemBase(BaseModel):
    area: Area
    title: str = Field(min_length=1, max_length=80, pattern=PLAIN_TEXT)
    summary: str = Field(min_length=1, max_length=140, pattern=FREE_TEXT)
    details: str = Field(min_length=1, max_length=4000, pattern=FREE_TEXT)
    amount: Amount | None = None
    eligibility: Eligibility = Field(default_factory=Eligibility)
    how_to_claim: str = Field(min_length=1, max_length=2000, pattern=FREE_TEXT)
    contact: str = Field(min_length=1, max_length=200, pattern=FREE_TEXT)
    provider: str = Field(min_length=1, max_length=120, pattern=PLAIN_TEXT)
    last_reviewed: CalendarDate


class OfferItemFields(OfferItemBase):
    """What a content pack or an editor says about an item: every field but its id."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("last_reviewed")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        if value > date.today():
            raise ValueError("must not be in the future")
        return value


class OfferItemPack(OfferItemFields):
    """One item under `offer:` in a content pack."""

    id: str = Field(min_length=2, max_length=60, pattern=SLUG_PATTERN)


class OfferItemOut(OfferItemBase):
    id: str = Field(description="The item's id in the council's content pack.")


class OfferOut(BaseModel):
    council: str
    version: str | None
    items: list[OfferItemOut]
    synonyms: dict[str, list[str]] = Field(
        description="The council's search words (`council.search.synonyms` in its pack): a "
        "word a young person might type and the words the offer uses for it."
    )


class OfferEditorOut(BaseModel):
    """Every item, live or not, as an editor sees it, in the council's order."""

    council: str
    version: str | None
    items: list[Edited[OfferItemFields]]
