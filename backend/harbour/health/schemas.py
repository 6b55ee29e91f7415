"""Health passport shapes: the fields a young person keeps, an edit from their phone, what
staff see when it is shared, and the history entries of field edits."""

import uuid
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from harbour.db import UtcDatetime
from harbour.field_edits import EditorRef
from harbour.kernel.text import FREE_TEXT, PLAIN_TEXT, IsoDate

NAME_FIELDS = (
    "gp_name",
    "gp_address",
    "dentist_name",
    "dentist_address",
    "optician_name",
    "optician_address",
)
PHONE_FIELDS = ("gp_phone", "dentist_phone", "optician_phone")
NOTE_FIELDS = ("allergies", "conditions", "medicines", "immunisations", "contacts")
# Dates still to come: these go in the young person's calendar.
NEXT_DATE_FIELDS = (
    "health_assessment_next",
    "dental_check_next",
    "eye_test_next",
    "immunisations_due",
    "passport_review",
)
DATE_FIELDS = ("health_assessment_last", "dental_check_last", "eye_test_last", *NEXT_DATE_FIELDS)
PASSPORT_FIELDS = ("nhs_number", *NAME_FIELDS, *PHONE_FIELDS, *NOTE_FIELDS, *DATE_FIELDS)

NAME_LENGTH, PHONE_LENGTH, NOTE_LENGTH = 200, 30, 2_000
PHONE_PATTERN = r"^[0-9 +()\-]+$"


def _blank_is_empty(value: object) -> object:
    """A field typed empty (or only spaces) is cleared: null means empty."""
    return None if isinstance(value, str) and not value.strip() else value


def _trimmed(value: object) -> object:
    value = _blank_is_empty(value)
    return value.strip() if isinstance(value, str) else value


def nhs_number_is_valid(digits: str) -> bool:
    """The NHS modulus-11 check on ten digits: weights 10 down to 2 on the first nine; 11
    minus the remainder is the check digit (11 counts as 0; 10 means no valid number)."""
    weighted = sum(int(digit) * (10 - place) for place, digit in enumerate(digits[:9]))
    check = 11 - weighted % 11
    return check != 10 and check % 11 == int(digits[9])


def _nhs_number(value: str) -> str:
    if len(value) != 10 or not value.isascii() or not value.isdigit():
        raise ValueError("must be 10 digits, like 943 476 5919")
    if not nhs_number_is_valid(value):
        raise ValueError("is not an NHS number: check the digits against your letter or card")
    return value


def _without_spaces(value: object) -> object:
    value = _blank_is_empty(value)
    return value.replace(" ", "") if isinstance(value, str) else value


NameText = Annotated[
    Annotated[str, Field(max_length=NAME_LENGTH, pattern=PLAIN_TEXT)] | None,
    BeforeValidator(_trimmed),
]
PhoneText = Annotated[
    Annotated[str, Field(max_length=PHONE_LENGTH, pattern=PHONE_PATTERN)] | None,
    BeforeValidator(_trimmed),
]
NoteText = Annotated[
    Annotated[str, Field(max_length=NOTE_LENGTH, pattern=FREE_TEXT)] | None,
    BeforeValidator(_blank_is_empty),
]
NhsNumber = Annotated[
    Annotated[str, AfterValidator(_nhs_number)] | None,
    BeforeValidator(_without_spaces),
    Field(description="10 digits; spaces are taken out. Checked with the NHS check digit."),
]


class PassportFields(BaseModel):
    """Every field is optional; null is empty. Dates are YYYY-MM-DD."""

    nhs_number: NhsNumber = None
    gp_name: NameText = None
    gp_phone: PhoneText = None
    gp_address: NameText = None
    dentist_name: NameText = None
    dentist_phone: PhoneText = None
    dentist_address: NameText = None
    optician_name: NameText = None
    optician_phone: PhoneText = None
    optician_address: NameText = None
    allergies: NoteText = None
    conditions: NoteText = None
    medicines: NoteText = None
    immunisations: NoteText = None
    contacts: NoteText = Field(default=None, description="Who to contact.")
    health_assessment_last: IsoDate | None = None
    health_assessment_next: IsoDate | None = None
    dental_check_last: IsoDate | None = None
    dental_check_next: IsoDate | None = None
    eye_test_last: IsoDate | None = None
    eye_test_next: IsoDate | None = None
    immunisations_due: IsoDate | None = None
    passport_review: IsoDate | None = None


class PassportSet(PassportFields):
    """The fields to change; leave out what stays the same. `shared_with_pa` (only the
    young person sets it) lets their PA see the passport."""

    model_config = ConfigDict(extra="forbid")

    shared_with_pa: bool = False

    @model_validator(mode="after")
    def _something(self) -> "PassportSet":
        if not self.model_fields_set:
            raise ValueError("name at least one field to change")
        return self

    def values(self) -> dict[str, Any]:
        """The fields sent, with their checked values (dates as dates)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class PassportEditIn(BaseModel):
    """The body of a `passport_edit` sync item; the item's id is the edit's id."""

    model_config = ConfigDict(extra="forbid")

    base_version: int = Field(ge=0, description="The passport's version the phone showed.")
    set: PassportSet


class HealthAssessmentIn(BaseModel):
    """Health-assessment dates a PA (or the nurse, through the PA) records as their source."""

    model_config = ConfigDict(extra="forbid")

    op_id: uuid.UUID = Field(
        description="Made by the browser, unique within the council; sending it again is a no-op."
    )
    last: IsoDate | None = Field(default=None, description="When the last one happened.")
    next: IsoDate | None = Field(default=None, description="When the next one is due.")

    @model_validator(mode="after")
    def _a_date(self) -> "HealthAssessmentIn":
        if self.last is None and self.next is None:
            raise ValueError("give the last date, the next date, or both")
        return self


class Recorded(BaseModel):
    recorded: Literal[True] = True


class SharingOut(BaseModel):
    exists: bool = Field(description="The young person has started a health passport.")
    shared: bool = Field(description="They chose to share it with their PA.")


# --- history of field edits (plans and passports) -----------------------------------------


class RecordedBy(EditorRef):
    at: UtcDatetime


class PassportOut(PassportFields):
    exists: bool = Field(description="False: nothing written yet (every field is null).")
    shared_with_pa: bool
    version: int = Field(description="Send as `base_version` with the next edit.")
    recorded_by: dict[str, RecordedBy] = Field(
        description="For each date that has a value: who last set it, and when."
    )
    updated_at: UtcDatetime | None


class PassportPull(BaseModel):
    """The health part of a young person's pull (harbour.health.sync)."""

    passport: PassportOut | None = Field(
        description="Your health passport, when it changed since `since`."
    )
