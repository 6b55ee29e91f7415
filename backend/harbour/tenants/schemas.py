"""API shapes for councils, and the council part of a content pack."""

from typing import Annotated
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from harbour.kernel.text import PLAIN_TEXT
from harbour.tenants.roles import StaffRole

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1, max_length=80, pattern=PLAIN_TEXT)
    phone: str = Field(min_length=3, max_length=30, pattern=r"^[0-9 +()]+$")
    hours: str = Field(min_length=1, max_length=120, pattern=PLAIN_TEXT)
    out_of_hours: bool = False


RECIPIENT_KEY = r"^[a-z][a-z_]{1,39}$"
PA_RECIPIENT = "pa"
DEFAULT_PHRASES = [
    "not safe",
    "don't feel safe",
    "hurt me",
    "hit me",
    "kill myself",
    "want to die",
    "self harm",
    "run away",
    "scared to go home",
]


DEFAULT_SAFEGUARDING_STEPS = [
    "If they may be in danger now, call 999 and ask for the police.",
    "Try to reach them now on the phone number below, and keep trying.",
    "Tell your team manager, or the duty manager if yours is away.",
    "Out of hours, hand over to the council's out-of-hours duty team.",
    "Record what you did and who you told in a note on this statement.",
]
SafeguardingStep = Annotated[str, Field(min_length=1, max_length=300, pattern=PLAIN_TEXT)]


class Recipient(BaseModel):
    """Who a young person may send their views to. `team` names the Harbour team whose
    members receive them; `pa` (their own personal adviser) has no team."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=2, max_length=40, pattern=RECIPIENT_KEY)
    label: str = Field(min_length=1, max_length=80, pattern=PLAIN_TEXT)
    team: str | None = Field(default=None, min_length=1, max_length=80, pattern=PLAIN_TEXT)


class ResponseTimes(BaseModel):
    model_config = ConfigDict(extra="forbid")

    urgent_minutes: int = Field(default=60, ge=5, le=24 * 60)
    other_working_days: int = Field(default=1, ge=1, le=20)


class ViewsSettings(BaseModel):
    """The `council.views:` section: who statements can go to, which words make one urgent,
    and how quickly the council promises to answer. Every part has a default."""

    model_config = ConfigDict(extra="forbid")

    recipients: list[Recipient] = Field(default_factory=list, max_length=10)
    safeguarding_phrases: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PHRASES), max_length=200
    )
    response_times: ResponseTimes = Field(default_factory=ResponseTimes)
    safeguarding_steps: list[SafeguardingStep] = Field(
        default_factory=lambda: list(DEFAULT_SAFEGUARDING_STEPS),
        min_length=1,
        max_length=12,
        description="What a PA does, in order, when a young person asks for help now: shown "
        "on the urgent statement's page. One line each, up to 300 characters.",
    )

    @field_validator("safeguarding_phrases")
    @classmethod
    def _plain_phrases(cls, phrases: list[str]) -> list[str]:
        cleaned = [" ".join(phrase.casefold().split()) for phrase in phrases]
        if not all(0 < len(phrase) <= 80 for phrase in cleaned):
            raise ValueError("each phrase needs 1 to 80 characters")
        return cleaned

    @model_validator(mode="after")
    def _pa_first_and_keys_unique(self) -> "ViewsSettings":
        keys = [recipient.key for recipient in self.recipients]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"recipient keys must be unique; repeated: {', '.join(repeated)}")
        if PA_RECIPIENT not in keys:
            self.recipients.insert(0, Recipient(key=PA_RECIPIENT, label="Your personal adviser"))
        for recipient in self.recipients:
            if (recipient.key == PA_RECIPIENT) != (recipient.team is None):
                raise ValueError(
                    f'recipient "{recipient.key}": every recipient but "pa" names its team'
                )
        return self

    def recipient(self, key: str) -> Recipient | None:
        return next((r for r in self.recipients if r.key == key), None)


CLOCK_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"  # "HH:MM", 24-hour


class ReminderOffsets(BaseModel):
    """Days before each kind of date that a young person is reminded (0: on the day)."""

    model_config = ConfigDict(extra="forbid")

    plan_review: list[int] = Field(default_factory=lambda: [14, 3, 1], max_length=5)
    health_assessment: list[int] = Field(default_factory=lambda: [14, 3], max_length=5)
    dental_check: list[int] = Field(default_factory=lambda: [14, 3], max_length=5)
    eye_test: list[int] = Field(default_factory=lambda: [14, 3], max_length=5)
    immunisations: list[int] = Field(default_factory=lambda: [14, 3], max_length=5)
    passport_review: list[int] = Field(default_factory=lambda: [14, 3], max_length=5)
    task_due: list[int] = Field(default_factory=lambda: [1], max_length=5)

    @field_validator("*")
    @classmethod
    def _days(cls, days: list[int]) -> list[int]:
        if not all(0 <= day <= 60 for day in days):
            raise ValueError("each offset is a number of days from 0 to 60")
        return sorted(set(days), reverse=True)


class ReminderSettings(BaseModel):
    """The `council.reminders:` section: when reminders are due, in the council's time zone.
    Every part has a default."""

    model_config = ConfigDict(extra="forbid")

    offsets: ReminderOffsets = Field(default_factory=ReminderOffsets)
    send_time: str = Field(default="09:00", pattern=CLOCK_TIME)
    digest_time: str = Field(default="08:00", pattern=CLOCK_TIME)
    quiet_start: str = Field(default="21:00", pattern=CLOCK_TIME)
    quiet_end: str = Field(default="08:00", pattern=CLOCK_TIME)


SEARCH_WORD = r"^[a-z0-9]+$"
SEARCH_PHRASE = r"^[a-z0-9]+(?: [a-z0-9]+){0,3}$"


class SearchSettings(BaseModel):
    """The `council.search:` section: the council's own words for its offer search."""

    model_config = ConfigDict(extra="forbid")

    synonyms: dict[
        Annotated[str, Field(min_length=2, max_length=30, pattern=SEARCH_WORD)],
        list[Annotated[str, Field(min_length=2, max_length=40, pattern=SEARCH_PHRASE)]],
    ] = Field(
        default_factory=dict,
        max_length=500,
        description="A word a young person might type (lowercase, one word) and the words or "
        "short phrases (up to four words) the offer uses for it: `rent: [housing, deposit]`. "
        "A search for the word also finds items with any of them.",
    )

    @field_validator("synonyms")
    @classmethod
    def _some_words_each(cls, synonyms: dict[str, list[str]]) -> dict[str, list[str]]:
        empty = sorted(word for word, others in synonyms.items() if not 0 < len(others) <= 10)
        if empty:
            raise ValueError(f"each word needs 1 to 10 other words; not so for: {', '.join(empty)}")
        return synonyms


class PrivacySettings(BaseModel):
    """The `council.privacy:` section: what young people are told about who saw their data."""

    model_config = ConfigDict(extra="forbid")

    show_staff_names_to_young_people: bool = Field(
        default=True,
        description='In "Who has seen my information" and "Download my data", name the '
        "staff who opened a young person's records (true), or give their role only (false).",
    )


class CouncilPack(BaseModel):
    """The `council:` section of a content pack."""

    model_config = ConfigDict(extra="forbid")

    slug: str = Field(min_length=2, max_length=40, pattern=SLUG_PATTERN)
    name: str = Field(min_length=1, max_length=120, pattern=PLAIN_TEXT)
    time_zone: str = "Europe/London"
    contacts: list[Contact] = Field(min_length=1, max_length=10)
    views: ViewsSettings | None = None
    reminders: ReminderSettings | None = None
    search: SearchSettings | None = None
    privacy: PrivacySettings | None = None

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


class RecipientOut(BaseModel):
    key: str
    label: str


class OutOfHours(BaseModel):
    label: str
    phone: str


class ViewsOut(BaseModel):
    """What a phone caches for "My views": who statements can go to, and the number to ring
    when nobody is at work. The phrase list and the team names stay on the server."""

    recipients: list[RecipientOut] = Field(description="`pa` first; it is the default.")
    out_of_hours: OutOfHours | None


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
    views: ViewsOut


class ContentPull(BaseModel):
    """The council's content version, in every young person's pull (harbour.tenants.sync)."""

    content_version: str | None = Field(
        description="Your council's `content_version` (`GET /api/v1/councils/{slug}`), which is "
        "also the `version` of its offer and pledge. When a copy the phone keeps has another "
        "one, the council changed its content: fetch that copy again."
    )


class OidcSettings(BaseModel):
    """A council's OpenID Connect provider, as the operator sets it."""

    model_config = ConfigDict(extra="forbid")

    issuer: str = Field(min_length=8, max_length=255, pattern=r"^https?://")
    metadata_url: str | None = Field(default=None, max_length=500, pattern=r"^https?://")
    client_id: str = Field(min_length=1, max_length=255)
    client_secret: str = Field(min_length=1, max_length=500)
    scopes: str = Field(default="openid profile email", max_length=200)
    role_claim: str | None = Field(default=None, min_length=1, max_length=60)
    role_map: dict[str, StaffRole] = Field(default_factory=dict)
