"""API shapes for councils, and the council part of a content pack."""

from enum import StrEnum
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from harbour.text import PLAIN_TEXT

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1, max_length=80, pattern=PLAIN_TEXT)
    phone: str = Field(min_length=3, max_length=30, pattern=r"^[0-9 +()]+$")
    hours: str = Field(min_length=1, max_length=120, pattern=PLAIN_TEXT)
    out_of_hours: bool = False


class CouncilPack(BaseModel):
    """The `council:` section of a content pack."""

    model_config = ConfigDict(extra="forbid")

    slug: str = Field(min_length=2, max_length=40, pattern=SLUG_PATTERN)
    name: str = Field(min_length=1, max_length=120, pattern=PLAIN_TEXT)
    time_zone: str = "Europe/London"
    contacts: list[Contact] = Field(min_length=1, max_length=10)

    @field_validator("time_zone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        if value not in available_timezones():
            raise ValueError("is not a known time zone (use a name like Europe/London)")
        return value

    @model_validator(mode="after")
    def _has_out_of_hours_contact(self) -> "CouncilPack":
        if not any(contact.out_of_hours for contact in self.contacts):
            raise ValueError("contacts need at least one out-of-hours number (out_of_hours: true)")
        return self


class CouncilSummary(BaseModel):
    slug: str
    name: str


class CouncilList(BaseModel):
    councils: list[CouncilSummary]


class CouncilOut(BaseModel):
    slug: str
    name: str
    time_zone: str
    contacts: list[Contact]
    content_version: str | None = Field(description="The version of the content pack in use.")
    staff_oidc: bool = Field(
        description="Whether the council's staff can sign in with its own identity provider "
        "(OpenID Connect), at `GET /api/v1/auth/oidc/{slug}/start`."
    )


class OidcRole(StrEnum):
    # The staff roles (harbour.accounts.schemas.StaffRole), repeated here so the tenants
    # domain does not depend on accounts.
    personal_adviser = "personal_adviser"
    team_manager = "team_manager"
    content_editor = "content_editor"
    council_admin = "council_admin"


class OidcSettings(BaseModel):
    """A council's OpenID Connect provider, as the operator sets it."""

    model_config = ConfigDict(extra="forbid")

    issuer: str = Field(min_length=8, max_length=255, pattern=r"^https?://")
    metadata_url: str | None = Field(default=None, max_length=500, pattern=r"^https?://")
    client_id: str = Field(min_length=1, max_length=255)
    client_secret: str = Field(min_length=1, max_length=500)
    scopes: str = Field(default="openid profile email", max_length=200)
    role_claim: str | None = Field(default=None, min_length=1, max_length=60)
    role_map: dict[str, OidcRole] = Field(default_factory=dict)
