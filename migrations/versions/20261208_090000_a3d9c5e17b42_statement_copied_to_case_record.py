"""a statement's "copied to case record" mark: who first copied it, and when

Revision ID: a3d9c5e17b42
Revises: a3d9f2c61e58
Create Date: 2026-12-08 09:00:00

`statement.copied_at` and `statement.copied_by_staff_id`: the first member of staff who
said they copied the statement into the council's case system (issue 16, item 6). Empty for
every statement until then.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a3d9c5e17b42"
down_revision: str | None = "a3d9f2c61e58"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COPIER_FK = "fk_statement_copied_by_staff_id_staff_member"


def upgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("copied_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("copied_by_staff_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(COPIER_FK, "staff_member", ["copied_by_staff_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_constraint(COPIER_FK, type_="foreignkey")
        batch_op.drop_column("copied_by_staff_id")
        batch_op.drop_column("copied_at")
