"""a council's privacy settings, from its content pack

Revision ID: bf0aebeba35d
Revises: 5d2e8b7f31a4
Create Date: 2026-12-06 09:00:00

The pack's `council.privacy:` section (whether "Who has seen my information" names staff or
gives their role only) is kept on the council, as `views`, `reminders` and `search` are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bf0aebeba35d"
down_revision: str | None = "5d2e8b7f31a4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("tenant", sa.Column("privacy", sa.JSON(), nullable=True))


def downgrade() -> None:
    # A plain ALTER TABLE (SQLite 3.35+), as for `search`: a batch copy would drop the tenant
    # table, which every council-owned row refers to.
    op.drop_column("tenant", "privacy")
