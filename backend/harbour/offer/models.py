"""The local offer: what a council gives its young people, one row per item."""

from datetime import date

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field

from harbour.editing.models import Editable


class OfferItem(Editable, table=True):
    __tablename__ = "offer_item"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    position: int
    area: str = Field(max_length=40)
    title: str = Field(max_length=80)
    summary: str = Field(max_length=140)
    details: str = Field(sa_column=Column(Text, nullable=False))
    amount_pence: int | None = None
    amount_frequency: str | None = Field(default=None, max_length=20)
    statuses: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    min_age: int | None = None
    max_age: int | None = None
    conditions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    how_to_claim: str = Field(sa_column=Column(Text, nullable=False))
    contact: str = Field(max_length=200)
    provider: str = Field(max_length=120)
    last_reviewed: date
