"""Editing in the app: the columns every editable piece of content carries.

Offer items, pledge themes and pledge promises keep their live words in their own columns;
an editor's unpublished change waits beside them in `draft` until it is published.
"""

from typing import Any

from sqlalchemy import JSON, false, true
from sqlmodel import Field

from harbour.db import CouncilOwned


class Editable(CouncilOwned):
    """A council's piece of content, known by its key in the content pack, and its edits."""

    key: str = Field(max_length=60, description="The item's id in the content pack.")
    revision: int = Field(
        default=1,
        sa_column_kwargs={"server_default": "1"},
        description="Goes up at every change; an editor sends the one they saw.",
    )
    draft: dict[str, Any] | None = Field(
        default=None, sa_type=JSON, description="The unpublished change, in the pack's shape."
    )
    live: bool = Field(
        default=True,
        sa_column_kwargs={"server_default": true()},
        description="False for a new item not yet published, or a retired one.",
    )
    edited_in_app: bool = Field(
        default=False,
        sa_column_kwargs={"server_default": false()},
        description="Published or retired in the app since the last content pack load.",
    )
