"""content editing: drafts, revisions and live flags on offer items and pledge text

Revision ID: 2975cd361ad7
Revises: 79dc93d34585
Create Date: 2026-11-23 21:55:22.447134
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2975cd361ad7"
down_revision: str | None = "79dc93d34585"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TABLES = ("offer_item", "pledge_promise", "pledge_theme")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("revision", sa.Integer(), server_default="1", nullable=False)
            )
            batch_op.add_column(sa.Column("draft", sa.JSON(), nullable=True))
            # sa.true()/false() so PostgreSQL gets a boolean default, SQLite a 1 or 0
            batch_op.add_column(
                sa.Column("live", sa.Boolean(), server_default=sa.true(), nullable=False)
            )
            batch_op.add_column(
                sa.Column("edited_in_app", sa.Boolean(), server_default=sa.false(), nullable=False)
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in ("edited_in_app", "live", "draft", "revision"):
                batch_op.drop_column(column)
