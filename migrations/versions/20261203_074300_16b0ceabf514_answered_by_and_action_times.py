"""who answered a statement first, and the device's time of each plan or passport edit

Revision ID: 16b0ceabf514
Revises: 68446865b30c
Create Date: 2026-12-03 07:43:00

`statement.responded_by_staff_id`: whoever stopped the response clock. Statements answered
before this kept no name; the first reply's author is filled in where there is one (a
statement closed as Done without a reply stays without a name).

`field_edit.acted_at`: when the change was made, by the sender's device clock. Edits stored
before this kept only their arrival time, which is what they get.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "16b0ceabf514"
down_revision: str | None = "68446865b30c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RESPONDER_FK = "fk_statement_responded_by_staff_id_staff_member"


def upgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("responded_by_staff_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(RESPONDER_FK, "staff_member", ["responded_by_staff_id"], ["id"])
    op.execute(
        """
        UPDATE statement SET responded_by_staff_id = (
            SELECT r.staff_id FROM statement_reply r
            WHERE r.statement_id = statement.id
            ORDER BY r.created_at, r.id LIMIT 1
        )
        WHERE responded_at IS NOT NULL
        """
    )

    with op.batch_alter_table("field_edit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("acted_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE field_edit SET acted_at = at")
    with op.batch_alter_table("field_edit", schema=None) as batch_op:
        batch_op.alter_column("acted_at", existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("field_edit", schema=None) as batch_op:
        batch_op.drop_column("acted_at")
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_constraint(RESPONDER_FK, type_="foreignkey")
        batch_op.drop_column("responded_by_staff_id")
