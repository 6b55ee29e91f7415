"""staff profile: an optional work phone and photo, shown to the young people a PA supports

Revision ID: 5d2e8b7f31a4
Revises: b7c41e2d9a60
Create Date: 2026-12-06 09:00:00

`staff_member.work_phone`, and `staff_photo`: one re-encoded image per staff member, with a
digest of it (`version`) that is its ETag and changes the address phones fetch it from.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d2e8b7f31a4"
down_revision: str | None = "b7c41e2d9a60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("staff_member", sa.Column("work_phone", sa.String(length=20), nullable=True))
    op.create_table(
        "staff_photo",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.Column("version", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_member.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("staff_id"),
    )
    op.create_index("ix_staff_photo_tenant_id", "staff_photo", ["tenant_id"])


def downgrade() -> None:
    op.drop_index("ix_staff_photo_tenant_id", table_name="staff_photo")
    op.drop_table("staff_photo")
    # Plain ALTER TABLE (SQLite 3.35+): staff_member is referenced by foreign keys.
    op.drop_column("staff_member", "work_phone")
