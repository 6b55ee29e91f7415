"""Local-offer shapes: the content-pack item and what the API returns."""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from harbour.tenants.schemas import SLUG_PATTERN


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


class Condition(StrEnum):
    in_education_or_training = "in_education_or_training"
    in_higher_education = "in_higher_education"
    in_work = "in_work"
    young_parent = "young_parent"
    living_independently = "living_independently"


class Frequency(StrEnum):
    one_off = "one_off"
    per_week = "per_week"
    per_month = "per_month"
    per_year = "per_year"


class Amount(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pence: int = Field(ge=0, le=10_000_000, description="Whole pence: £3,000 is 300000.")
    frequency: Frequency


class Eligibility(BaseModel):
    model_config = ConfigDict(extra="forbid")

    statuses: list[LegalStatus] = Field(
        default_factory=list, description="Empty means any legal status."
    )
    min_age: int | None = Field(default=None, ge=11, le=25)
    max_age: int | None = Field(default=None, ge=11, le=25)
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
    title: str = Field(min_length=1, max_length=80)
    summary: str = Field(min_length=1, max_length=140)
    details: str = Field(min_length=1, max_length=4000)
    amount: Amount | None = None
    eligibility: Eligibility = Field(default_factory=Eligibility)
    how_to_claim: str = Field(min_length=1, max_length=2000)
    contact: str = Field(min_length=1, max_length=200)
    provider: str = Field(min_length=1, max_length=120)
    last_reviewed: date


class OfferItemPack(OfferItemBase):
    """One item under `offer:` in a content pack."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=2, max_length=60, pattern=SLUG_PATTERN)

    @field_validator("last_reviewed")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        if value > date.today():
            raise ValueError("must not be in the future")
        return value


class OfferItemOut(OfferItemBase):
    id: str = Field(description="The item's id in the council's content pack.")


class OfferOut(BaseModel):
    council: str
    version: str | None
    items: list[OfferItemOut]
