"""young person record details and legal status history

Revision ID: bde2ad1d0502
Revises: 75a4192f658f
Create Date: 2026-12-03 07:41:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "bde2ad1d0502"
down_revision: str | None = "75a4192f658f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT_COLUMNS = (
    ("full_name", 120),
    ("case_reference", 30),
    ("contact_phone", 20),
    ("placement_type", 30),
    ("preferred_language", 40),
)
FLAGS = ("unaccompanied_asylum_seeking", "interpreter_needed")


def upgrade() -> None:
    with op.batch_alter_table("young_person", schema=None) as batch_op:
        for name, length in TEXT_COLUMNS:
            batch_op.add_column(
                sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=True)
            )
        batch_op.add_column(sa.Column("placement_out_of_area", sa.Boolean(), nullable=True))
        for name in FLAGS:  # existing records read as "no"
            batch_op.add_column(
                sa.Column(name, sa.Boolean(), server_default=sa.false(), nullable=False)
            )

    op.create_table(
        "legal_status_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("young_person_id", sa.Uuid(), nullable=False),
        sa.Column("legal_status", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["recorded_by"], ["staff_member.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.ForeignKeyConstraint(["young_person_id"], ["young_person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("legal_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_legal_status_change_tenant_id"), ["tenant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_legal_status_change_young_person_id"), ["young_person_id"], unique=False
        )
    # Each existing record starts its history with the status it has, date not known.
    op.execute(
        """
        INSERT INTO legal_status_change
            (id, tenant_id, young_person_id, legal_status, changed_on, recorded_by, recorded_at)
        SELECT id, tenant_id, id, legal_status, NULL, NULL, created_at FROM young_person
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("legal_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_status_change_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_legal_status_change_tenant_id"))
    op.drop_table("legal_status_change")
    with op.batch_alter_table("young_person", schema=None) as batch_op:
        for name in (*FLAGS, "placement_out_of_area", *(n for n, _ in reversed(TEXT_COLUMNS))):
            batch_op.drop_column(name)
