"""Editing shapes: what an editor sends with each change, and how an item looks to them."""

import uuid
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

Words = TypeVar("Words", bound=BaseModel)


class RevisionIn(BaseModel):
    """Sent with every change, so two editors never overwrite each other unknowingly."""

    model_config = ConfigDict(extra="forbid")

    revision: int = Field(
        strict=True,
        ge=1,
        description="The `revision` you last read. If it has moved on, the answer is 409.",
    )


class DraftIn(RevisionIn, Generic[Words]):
    """A new draft: the whole item's words, checked by the content pack's own rules."""

    draft: Words


class Edited(BaseModel, Generic[Words]):
    """One editable piece of content as an editor sees it: live words and any draft."""

    id: uuid.UUID = Field(description="The id to edit it by (not the content pack's id).")
    key: str = Field(description="Its id in the content pack, and in the app's addresses.")
    revision: int
    live: bool = Field(description="Young people see it. False when new or retired.")
    edited_in_app: bool = Field(description="Changed in the app since the last pack load.")
    current: Words = Field(description="The words young people see (or saw, if retired).")
    draft: Words | None = Field(description="Changes waiting to be published, if any.")
