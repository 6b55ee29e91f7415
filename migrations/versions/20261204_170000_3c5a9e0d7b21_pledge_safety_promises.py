"""pledge promises about keeping young people safe, from the content pack

Revision ID: 3c5a9e0d7b21
Revises: 967dde245f59
Create Date: 2026-12-04 17:00:00

A promise marked `safety: true` in the pack offers to tell the PA or get help now when a
young person answers "No" to it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3c5a9e0d7b21"
down_revision: str | None = "967dde245f59"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "pledge_promise",
        sa.Column("safety", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # A plain ALTER TABLE (SQLite 3.35+), as for the council's search column: no table copy.
    op.drop_column("pledge_promise", "safety")
