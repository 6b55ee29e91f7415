"""statement threads: what the young person writes back, and when they saw each reply

Revision ID: b7c41e2d9a60
Revises: 8e1f4c2a6b70
Create Date: 2026-12-05 10:00:00

A young person answers in their statement's thread (`statement_message`, stored once under
the phone's id); a reply records when they first opened it (`read_at`); a statement records
when they last wrote back until a caseworker opens it (`new_message_at`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7c41e2d9a60"
down_revision: str | None = "8e1f4c2a6b70"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "statement_message",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("statement_id", sa.Uuid(), nullable=False),
        sa.Column("young_person_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("read_by_staff_id", sa.Uuid(), nullable=True),
        sa.Column("change_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["read_by_staff_id"], ["staff_member.id"]),
        sa.ForeignKeyConstraint(
            ["statement_id", "tenant_id"], ["statement.id", "statement.tenant_id"]
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.ForeignKeyConstraint(["young_person_id"], ["young_person.id"]),
        sa.PrimaryKeyConstraint("id", "tenant_id"),
    )
    op.create_index(
        "ix_statement_message_statement",
        "statement_message",
        ["tenant_id", "statement_id", "written_at"],
    )
    op.create_index(
        "ix_statement_message_young_person_seq",
        "statement_message",
        ["young_person_id", "change_seq"],
    )
    op.add_column(
        "statement_reply", sa.Column("read_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "statement", sa.Column("new_message_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35+): statement and statement_reply are referenced by
    # foreign keys, so no batch-mode table copy.
    op.drop_column("statement", "new_message_at")
    op.drop_column("statement_reply", "read_at")
    op.drop_index("ix_statement_message_young_person_seq", table_name="statement_message")
    op.drop_index("ix_statement_message_statement", table_name="statement_message")
    op.drop_table("statement_message")
