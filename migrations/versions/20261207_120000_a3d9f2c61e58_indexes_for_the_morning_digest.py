"""indexes for the PAs' morning digest: a council's overdue open tasks and reviews due

Revision ID: a3d9f2c61e58
Revises: c4e7a1f09d35
Create Date: 2026-12-07 12:00:00

Every reminder worker pass asks each council which PAs have an overdue task or a plan review
due within a week in their caseload. Nationally (152 councils, 110,000 plans, a million
tasks: bench.national_data) that was a scan of every plan, and of the council's young people,
for each council on each pass: seconds of database time every few seconds per worker. These
find a council's open tasks past their date and its plans due soon directly.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a3d9f2c61e58"
down_revision: str | None = "c4e7a1f09d35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_plan_task_due", "plan_task", ["tenant_id", "status", "due_on"])
    op.create_index("ix_plan_review_due", "plan", ["tenant_id", "review_due"])


def downgrade() -> None:
    op.drop_index("ix_plan_review_due", table_name="plan")
    op.drop_index("ix_plan_task_due", table_name="plan_task")
