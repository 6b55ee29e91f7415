"""Pledge shapes: the content-pack section, the API, and an answer sent from a phone."""

import uuid
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from harbour.editing.schemas import Edited
from harbour.kernel.text import FREE_TEXT, PLAIN_TEXT
from harbour.tenants.schemas import SLUG_PATTERN


class PromiseFields(BaseModel):
    """What a pack or an editor says about a promise: everything but its id."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=400, pattern=FREE_TEXT)


class PromisePack(PromiseFields):
    id: str = Field(min_length=2, max_length=60, pattern=SLUG_PATTERN)
    safety: bool = Field(
        default=False,
        description='About keeping them safe: a "No" offers to tell their PA or get help now.',
    )


class ThemeFields(BaseModel):
    """A theme's own words, without its id or promises."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=80, pattern=PLAIN_TEXT)


class ThemePack(ThemeFields):
    id: str = Field(min_length=2, max_length=60, pattern=SLUG_PATTERN)
    promises: list[PromisePack] = Field(min_length=1)


class PledgePack(BaseModel):
    """The `pledge:` section of a content pack."""

    model_config = ConfigDict(extra="forbid")

    introduction: str = Field(min_length=1, max_length=600, pattern=FREE_TEXT)
    themes: list[ThemePack] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self) -> "PledgePack":
        theme_ids = [theme.id for theme in self.themes]
        promise_ids = [promise.id for theme in self.themes for promise in theme.promises]
        for kind, ids in (("theme", theme_ids), ("promise", promise_ids)):
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            if repeated:
                raise ValueError(f"{kind} ids must be unique; repeated: {', '.join(repeated)}")
        return self


class PromiseOut(BaseModel):
    id: str
    text: str
    safety: bool = Field(description='From the pack: a "No" offers to tell their PA or get help.')


class ThemeOut(BaseModel):
    id: str
    title: str
    promises: list[PromiseOut]


class PledgeHeading(BaseModel):
    council: str
    version: str | None
    introduction: str


class PledgeOut(PledgeHeading):
    themes: list[ThemeOut]


Answer = StrEnum("Answer", "yes partly no")


class PledgeAnswerIn(BaseModel):
    """The body of a `pledge_answer` sync item."""

    model_config = ConfigDict(extra="forbid")

    council: str = Field(min_length=2, max_length=40, pattern=SLUG_PATTERN)
    promise: str = Field(min_length=2, max_length=60, pattern=SLUG_PATTERN)
    answer: Answer
    comment: str = Field(default="", max_length=1000, pattern=FREE_TEXT)
    respondent: uuid.UUID = Field(description="A random id kept on the phone, not a person's id.")


class PromiseCount(BaseModel):
    id: str
    yes: int
    partly: int
    no: int


class PledgeSummaryOut(BaseModel):
    council: str
    promises: list[PromiseCount] = Field(
        description="Each phone's latest answer to each promise, counted."
    )


class ThemeEditorOut(Edited[ThemeFields]):
    promises: list[Edited[PromiseFields]]


class PledgeEditorOut(PledgeHeading):
    """Every theme and promise as an editor sees them, in the council's order."""

    themes: list[ThemeEditorOut]
