"""Shapes for people: who is acting (Principal), staff, teams, young people and invites."""

import re
import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Base64Bytes,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
    model_validator,
)

from harbour.credentials import PIN_PATTERN
from harbour.db import UtcDatetime
from harbour.kernel.text import PLAIN_TEXT, IsoDate, refuse_null
from harbour.offer.schemas import LegalStatus
from harbour.tenants.roles import StaffRole as StaffRole  # re-exported: people use it from here

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{2,39}$"
CODE_PATTERN = r"^[A-Za-z0-9 -]+$"
USERNAME_RULE = "3 to 40 letters, numbers, dots, dashes or underscores, starting with a letter"


class PersonKind(StrEnum):
    staff = "staff"
    young_person = "young_person"


@dataclass(frozen=True)
class Principal:
    """Who is making a request, from their session. Access rules read only this."""

    kind: PersonKind
    id: uuid.UUID
    tenant_id: uuid.UUID
    session_id: uuid.UUID
    role: StaffRole | None = None
    team_id: uuid.UUID | None = None
    device: str | None = None  # the session's device label: history says where a change came from

    @property
    def is_staff(self) -> bool:
        return self.kind is PersonKind.staff


def _username(value: str) -> str:
    return value.strip().lower()


# --- teams and staff ----------------------------------------------------------------------


class TeamIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80, pattern=PLAIN_TEXT)


class TeamOut(BaseModel):
    id: uuid.UUID
    name: str


class TeamList(BaseModel):
    teams: list[TeamOut]


class StaffIn(BaseModel):
    """A new staff member. `local`: a username, then an invite code to set a passphrase and
    TOTP. `oidc`: the subject the council's identity provider gives them."""

    model_config = ConfigDict(extra="forbid")

    display_name: str = Field(min_length=1, max_length=120, pattern=PLAIN_TEXT)
    role: StaffRole
    team_id: uuid.UUID | None = None
    sign_in: Literal["local", "oidc"]
    username: str | None = Field(default=None, pattern=USERNAME_PATTERN, description=USERNAME_RULE)
    oidc_subject: str | None = Field(default=None, min_length=1, max_length=255, pattern=PLAIN_TEXT)

    @field_validator("username", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return _username(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_way_in(self) -> "StaffIn":
        if self.sign_in == "local" and not self.username:
            raise ValueError("a local account needs a username")
        if self.sign_in == "oidc" and not self.oidc_subject:
            raise ValueError("an identity-provider account needs oidc_subject")
        return self


class StaffUpdate(BaseModel):
    """Only the fields sent change; only `team_id` may be null (no team)."""

    model_config = ConfigDict(extra="forbid")

    display_name: str | None = Field(default=None, min_length=1, max_length=120, pattern=PLAIN_TEXT)
    role: StaffRole | None = None
    team_id: uuid.UUID | None = None
    active: StrictBool | None = None

    _not_null = refuse_null("display_name", "role", "active")


class StaffOut(BaseModel):
    id: uuid.UUID
    display_name: str
    role: StaffRole
    team_id: uuid.UUID | None
    active: bool
    sign_in: Literal["local", "oidc"]
    username: str | None


class StaffList(BaseModel):
    staff: list[StaffOut]


class InviteOut(BaseModel):
    code: str = Field(description="Shown once: read it out or hand it over. XXXX-XXXX.")
    expires_at: UtcDatetime


class StaffCreated(BaseModel):
    staff: StaffOut
    invite: InviteOut | None = Field(description="For a local account: the code to set it up.")


# --- a staff member's own profile: what the young people they are PA for see -------------

UK_PHONE_RULE = "a UK phone number, like 020 7946 0000, 07700 900123 or +44 20 7946 0000"
# 0 or +44, then the 9 or 10 digits of a UK number (spaces anywhere).
_UK_PHONE = re.compile(r"(?:0|\+44)[1-9][0-9]{8,9}")
PHOTO_MAX_BYTES = 2 * 1024 * 1024


def _uk_phone(value: str | None) -> str | None:
    if value is None:
        return None
    if not _UK_PHONE.fullmatch(value.replace(" ", "")):
        raise ValueError(f"should be {UK_PHONE_RULE}")
    return " ".join(value.split())


class StaffProfileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    work_phone: Annotated[str | None, AfterValidator(_uk_phone)] = Field(
        max_length=20,
        pattern=r"^[0-9 +]*$",
        description="Your work phone, for the young people you are PA for to call: "
        f"{UK_PHONE_RULE}. Null removes it.",
    )


class StaffPhotoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    image: Base64Bytes = Field(
        max_length=(PHOTO_MAX_BYTES + 2) // 3 * 4,
        description="A JPEG, PNG or WebP photo of at most 2 MB, base64-encoded. What is "
        "kept is a 192-pixel square WebP made from it: nothing else of the file (no EXIF data "
        "such as where it was taken).",
    )


class StaffProfileOut(BaseModel):
    first_name: str | None = Field(
        description="How the young people you are PA for see your name: its first word."
    )
    work_phone: str | None = Field(description="Null: they see no phone number for you.")
    photo_version: str | None = Field(
        description="Null with no photo; otherwise it changes with each new photo."
    )


# --- young people -------------------------------------------------------------------------


class KeyDateKind(StrEnum):
    entered_care = "entered_care"
    left_care = "left_care"  # the leaving-care date, past or planned
    pathway_plan_review = "pathway_plan_review"  # the plan's own review date
    health_assessment = "health_assessment"
    next_visit = "next_visit"
    other = "other"
    eighteenth_birthday = "eighteenth_birthday"  # from the date of birth; never sent


class KeyDate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: KeyDateKind
    date: date
    label: str | None = Field(default=None, min_length=1, max_length=80, pattern=PLAIN_TEXT)


class KeyDateIn(KeyDate):
    """A key date a PA sends. `pathway_plan_review` is the pathway plan's review date: it is
    kept on the plan (one date, its history and reminders), not on the record."""

    @field_validator("kind")
    @classmethod
    def _not_derived(cls, value: KeyDateKind) -> KeyDateKind:
        if value is KeyDateKind.eighteenth_birthday:
            raise ValueError("comes from the date of birth; change that instead")
        return value


def _one_plan_review(dates: list[KeyDateIn] | None) -> list[KeyDateIn] | None:
    reviews = [d for d in dates or [] if d.kind is KeyDateKind.pathway_plan_review]
    if len(reviews) > 1:
        raise ValueError("has more than one pathway plan review date; the plan has one")
    return dates


class PlacementType(StrEnum):
    foster_care = "foster_care"
    kinship_care = "kinship_care"
    childrens_home = "childrens_home"
    supported_lodgings = "supported_lodgings"
    supported_accommodation = "supported_accommodation"
    staying_put = "staying_put"
    own_tenancy = "own_tenancy"
    with_family = "with_family"
    student_accommodation = "student_accommodation"
    custody = "custody"
    other = "other"


# Digits and spaces, an optional leading +: "07700 900123", "+44 7700 900123".
PHONE_PATTERN = r"^\+?[0-9][0-9 ]{8,17}[0-9]$"
CASE_REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9/-]{0,29}$"


def _check_birth_date(value: date | None) -> date | None:
    # Young people in care and care leavers are about 10 to 25; allow a little either side.
    if value is None:
        return value
    today = date.today()
    if not (today.replace(year=today.year - 30) <= value <= today.replace(year=today.year - 8)):
        raise ValueError("should make them between 8 and 30 years old")
    return value


class RecordDetails(BaseModel):
    """The record's details beyond name, birth and status; all optional."""

    model_config = ConfigDict(extra="forbid")

    full_name: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        pattern=PLAIN_TEXT,
        description="Their full legal name, when it differs from the name they go by.",
    )
    case_reference: str | None = Field(
        default=None,
        pattern=CASE_REFERENCE_PATTERN,
        description="Their id in the council's case system: letters, numbers, / and -.",
    )
    contact_phone: str | None = Field(
        default=None,
        pattern=PHONE_PATTERN,
        description='Numbers and spaces, with an optional leading "+"; 10 to 19 characters.',
    )
    placement_type: PlacementType | None = None
    placement_out_of_area: bool | None = Field(
        default=None, description="Living outside the council's area; null: not recorded."
    )
    unaccompanied_asylum_seeking: bool = False
    preferred_language: str | None = Field(
        default=None, min_length=1, max_length=40, pattern=PLAIN_TEXT
    )
    interpreter_needed: bool = False


class YoungPersonIn(RecordDetails):
    preferred_name: str = Field(min_length=1, max_length=80, pattern=PLAIN_TEXT)
    date_of_birth: date
    legal_status: LegalStatus
    legal_status_since: IsoDate | None = Field(
        default=None, description="When this status began, if known: on or after their birth."
    )
    allocated_pa_id: uuid.UUID | None = Field(
        default=None, description="Empty: the PA creating the record."
    )
    key_dates: list[KeyDateIn] = Field(default_factory=list, max_length=20)

    _birth = field_validator("date_of_birth")(_check_birth_date)
    _review = field_validator("key_dates")(_one_plan_review)


class YoungPersonUpdate(RecordDetails):
    """Only the fields sent change (a detail left out keeps its value, whatever its
    default). Changing `allocated_pa_id` is a reallocation."""

    preferred_name: str | None = Field(
        default=None, min_length=1, max_length=80, pattern=PLAIN_TEXT
    )
    date_of_birth: date | None = None
    legal_status: LegalStatus | None = None
    legal_status_changed_on: IsoDate | None = Field(
        default=None,
        description="With a new `legal_status`: the day it changed (today when left out); "
        "not in the future, not before their birth or their last change.",
    )
    allocated_pa_id: uuid.UUID | None = None
    key_dates: list[KeyDateIn] | None = Field(
        default=None,
        max_length=20,
        description="The whole list (what is left out goes). A `pathway_plan_review` date "
        "sets the pathway plan's review date; leaving it out clears that date.",
    )
    active: StrictBool | None = None

    _birth = field_validator("date_of_birth")(_check_birth_date)
    _review = field_validator("key_dates")(_one_plan_review)
    _not_null = refuse_null(
        "preferred_name", "date_of_birth", "legal_status", "allocated_pa_id", "active"
    )


class YoungPersonSummary(BaseModel):
    id: uuid.UUID
    preferred_name: str
    age: int = Field(description="Whole years today, in the council's time zone.")
    legal_status: LegalStatus
    status_check_due: bool = Field(
        description="They are 18 or over and still recorded as looked after, eligible or "
        "relevant: their legal status probably needs changing."
    )
    allocated_pa_id: uuid.UUID | None
    joined: bool = Field(description="They have set a PIN or passphrase.")
    active: bool
    next_key_date: KeyDate | None = Field(
        description="The first from today on of their key dates, the pathway plan's review "
        "date and their 18th birthday."
    )


class LegalStatusEntry(BaseModel):
    legal_status: LegalStatus
    changed_on: date | None = Field(description="The day it changed; null when not known.")
    recorded_at: UtcDatetime
    recorded_by: str | None = Field(description="The staff member who recorded it.")


class YoungPersonOut(YoungPersonSummary):
    date_of_birth: date
    eighteenth_birthday: date
    key_dates: list[KeyDate] = Field(
        description="Date order; includes the pathway plan's review date when it has one."
    )
    full_name: str | None
    case_reference: str | None
    contact_phone: str | None
    placement_type: PlacementType | None
    placement_out_of_area: bool | None
    unaccompanied_asylum_seeking: bool
    preferred_language: str | None
    interpreter_needed: bool
    legal_status_history: list[LegalStatusEntry] = Field(description="Newest first.")
    username: str | None
    invite_expires_at: UtcDatetime | None = Field(
        description="When the unused invite code stops working, if there is one."
    )


class YoungPersonList(BaseModel):
    young_people: list[YoungPersonSummary]


class NoFields(BaseModel):
    """An action that changes nothing about the person but what it names: any field sent
    (a username, a name) is refused with 422 rather than quietly ignored."""

    model_config = ConfigDict(extra="forbid")


class Adviser(BaseModel):
    """Someone a young person can be allocated to, or a statement handed to."""

    id: uuid.UUID
    display_name: str
    role: StaffRole
    caseload: int | None = Field(
        description="How many active young people are allocated to them; null when a PA "
        "lists their teammates."
    )


class AdviserList(BaseModel):
    advisers: list[Adviser]


class YoungPersonCreated(BaseModel):
    young_person: YoungPersonOut
    invite: InviteOut


# --- joining with an invite code ----------------------------------------------------------


class InviteCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(
        min_length=8, max_length=20, pattern=CODE_PATTERN, description="XXXX-XXXX; spaces are fine."
    )


class InviteUsable(BaseModel):
    """The code works (it is not used up by checking). A person who already has a username
    keeps it: the join step must not send another."""

    username: str | None = Field(description="Their username, when they chose one before.")


class SecretKind(StrEnum):
    pin = "pin"
    passphrase = "passphrase"  # noqa: S105  (a kind of secret, not one)


class PinChoice(BaseModel):
    model_config = ConfigDict(extra="forbid", regex_engine="python-re")

    kind: Literal["pin"]
    pin: str = Field(
        pattern=PIN_PATTERN,
        description="6 to 12 numbers; not all the same, and not only going up or down.",
    )


class PassphraseChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["passphrase"]
    passphrase: str = Field(min_length=8, max_length=128, description="At least 8 characters.")


SecretChoice = Annotated[PinChoice | PassphraseChoice, Field(discriminator="kind")]


class YoungPersonJoin(BaseModel):
    """Sent by the young person's phone with the code their PA gave them."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(
        min_length=8, max_length=20, pattern=CODE_PATTERN, description="XXXX-XXXX; spaces are fine."
    )
    username: str | None = Field(
        default=None,
        pattern=USERNAME_PATTERN,
        description=f"Needed the first time: {USERNAME_RULE}. Leave it out with a new code "
        "after an access reset: the username they have stays, and a different one is a 422.",
    )
    secret: SecretChoice
    device_label: str = Field(default="Phone", min_length=1, max_length=60, pattern=PLAIN_TEXT)

    @field_validator("username", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return _username(value) if isinstance(value, str) else value

    @property
    def secret_kind(self) -> SecretKind:
        return SecretKind(self.secret.kind)

    @property
    def secret_text(self) -> str:
        return self.secret.pin if isinstance(self.secret, PinChoice) else self.secret.passphrase


class StaffJoin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=8, max_length=20, pattern=CODE_PATTERN)
    passphrase: str = Field(
        min_length=12, max_length=128, description="At least 12 characters; spaces are fine."
    )


class StaffJoined(BaseModel):
    totp_secret: str = Field(description="Add this to an authenticator app.")
    totp_uri: str = Field(description="The same, as an otpauth:// link for a QR code.")
    recovery_codes: list[str] = Field(description="Shown once. Each works once instead of TOTP.")
