"""staff get notes on tasks reminders

Data only: "notes on tasks" is a new staff reminder kind, on by default. A staff member who
saved their settings before it existed has a stored list without it, which would read as
"off"; it is added to each staff member's list. No schema change.

Revision ID: 75a4192f658f
Revises: e9f21bd9d1aa
Create Date: 2026-12-03 07:40:00
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "75a4192f658f"
down_revision: str | None = "e9f21bd9d1aa"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND = "task_note"
preference = sa.table(
    "reminder_preference",
    sa.column("id", sa.Uuid()),
    sa.column("person_kind", sa.String()),
    sa.column("enabled_kinds", sa.JSON()),
)


def _change_staff_kinds(change: Callable[[list[str]], list[str]]) -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(preference.c.id, preference.c.enabled_kinds).where(
            preference.c.person_kind == "staff"
        )
    ).all()
    for row_id, kinds in rows:
        bind.execute(
            preference.update()
            .where(preference.c.id == row_id)
            .values(enabled_kinds=change(list(kinds)))
        )


def upgrade() -> None:
    _change_staff_kinds(lambda kinds: sorted({*kinds, KIND}))


def downgrade() -> None:
    _change_staff_kinds(lambda kinds: [kind for kind in kinds if kind != KIND])
