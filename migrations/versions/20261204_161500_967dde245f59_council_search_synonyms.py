"""a council's search synonyms, from its content pack

Revision ID: 967dde245f59
Revises: fafacc71f908
Create Date: 2026-12-04 16:15:00

The pack's `council.search:` section (the words young people type and the words the offer
uses for them) is kept on the council, as `views` and `reminders` are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "967dde245f59"
down_revision: str | None = "fafacc71f908"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("tenant", sa.Column("search", sa.JSON(), nullable=True))


def downgrade() -> None:
    # A plain ALTER TABLE (SQLite 3.35+): a batch copy would drop the tenant table, which
    # every council-owned row refers to, and the foreign keys refuse that.
    op.drop_column("tenant", "search")
