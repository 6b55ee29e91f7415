"""a young person's "I'm OK now" / "Sent by mistake" on an urgent statement

Revision ID: 8e1f4c2a6b70
Revises: 3c5a9e0d7b21
Create Date: 2026-12-05 09:00:00

The latest update from the help screen is kept on the statement (each one is also an audit
row). It changes nothing else about the statement.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "8e1f4c2a6b70"
down_revision: str | None = "3c5a9e0d7b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("statement", sa.Column("update_id", sa.Uuid(), nullable=True))
    op.add_column(
        "statement",
        sa.Column("update_said", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    )
    op.add_column("statement", sa.Column("update_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35+): the statement table is referenced by foreign keys.
    for column in ("update_at", "update_said", "update_id"):
        op.drop_column("statement", column)
