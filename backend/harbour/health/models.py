"""The health passport: one per young person, kept by them on their phone, seen by their PA
only while they share it. Its history is in `field_edit` (harbour.field_edits)."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Text
from sqlmodel import Field

from harbour.db import CouncilOwned
from harbour.kernel.time import utc_now


def _timestamp() -> Any:
    return Column(DateTime(timezone=True), nullable=False)


def _note() -> Any:
    return Column(Text, nullable=True)


class HealthPassport(CouncilOwned, table=True):
    """Made by the first edit (the young person's, or a PA recording a health assessment).
    Field limits are checked in harbour.health.schemas."""

    __tablename__ = "health_passport"

    young_person_id: uuid.UUID = Field(foreign_key="young_person.id", unique=True)
    shared_with_pa: bool = False
    nhs_number: str | None = Field(default=None, max_length=10)
    gp_name: str | None = Field(default=None, max_length=200)
    gp_phone: str | None = Field(default=None, max_length=30)
    gp_address: str | None = Field(default=None, max_length=200)
    dentist_name: str | None = Field(default=None, max_length=200)
    dentist_phone: str | None = Field(default=None, max_length=30)
    dentist_address: str | None = Field(default=None, max_length=200)
    optician_name: str | None = Field(default=None, max_length=200)
    optician_phone: str | None = Field(default=None, max_length=30)
    optician_address: str | None = Field(default=None, max_length=200)
    allergies: str | None = Field(default=None, sa_column=_note())
    conditions: str | None = Field(default=None, sa_column=_note())
    medicines: str | None = Field(default=None, sa_column=_note())
    immunisations: str | None = Field(default=None, sa_column=_note())
    contacts: str | None = Field(default=None, sa_column=_note())
    health_assessment_last: date | None = None
    health_assessment_next: date | None = None
    dental_check_last: date | None = None
    dental_check_next: date | None = None
    eye_test_last: date | None = None
    eye_test_next: date | None = None
    immunisations_due: date | None = None
    passport_review: date | None = None
    version: int = Field(default=0, description="0 until its first change; then 1, 2 ...")
    field_versions: dict[str, int] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    change_seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp())
