"""ids made on phones and browsers are unique per council; a conflict is kept once per body

Revision ID: fafacc71f908
Revises: 16b0ceabf514
Create Date: 2026-12-03 07:44:00

Decision 012. The records stored under an id their sender made (statements, tasks, task
notes, field edits, pledge answers, sync receipts) get the primary key (id, tenant_id), and
what refers to statements and tasks refers to that pair. A sync conflict is kept once per
(council, item id, body), counting its arrivals in `times`.

On SQLite each table is rebuilt (batch mode), so a table is never rebuilt while another
table's foreign key points at it: the foreign keys go first and come back last.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "fafacc71f908"
down_revision: str | None = "16b0ceabf514"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> its id column (every one also has tenant_id)
KEYED = {
    "statement": "id",
    "plan_task": "id",
    "task_note": "id",
    "field_edit": "op_id",
    "pledge_answer": "id",
    "sync_receipt": "id",
}
# (table, column, referred table)
REFERENCES = [
    ("statement_reply", "statement_id", "statement"),
    ("statement_note", "statement_id", "statement"),
    ("task_note", "task_id", "plan_task"),
]


def _drop_references() -> None:
    for table, column, referred in REFERENCES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_{column}_{referred}", type_="foreignkey")


def _add_references(with_tenant: bool) -> None:
    for table, column, referred in REFERENCES:
        local, remote = [column], ["id"]
        if with_tenant:
            local, remote = [column, "tenant_id"], ["id", "tenant_id"]
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_foreign_key(f"fk_{table}_{column}_{referred}", referred, local, remote)


def _set_keys(with_tenant: bool) -> None:
    for table, column in KEYED.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(f"pk_{table}", type_="primary")
            batch_op.create_primary_key(
                f"pk_{table}", [column, "tenant_id"] if with_tenant else [column]
            )


def _merge_repeated_conflicts() -> None:
    """Earlier rows of the same conflict become one, counting them, before the unique key."""
    op.execute(
        "UPDATE sync_conflict SET"
        " times = (SELECT count(*) FROM sync_conflict o WHERE o.tenant_id = sync_conflict.tenant_id"
        " AND o.item_id = sync_conflict.item_id AND o.body_sha256 = sync_conflict.body_sha256),"
        " last_received_at = (SELECT max(o.received_at) FROM sync_conflict o"
        " WHERE o.tenant_id = sync_conflict.tenant_id AND o.item_id = sync_conflict.item_id"
        " AND o.body_sha256 = sync_conflict.body_sha256)"
    )
    # Keep the first row of each (earliest, then lowest id).
    op.execute(
        "DELETE FROM sync_conflict WHERE EXISTS (SELECT 1 FROM sync_conflict o"
        " WHERE o.tenant_id = sync_conflict.tenant_id AND o.item_id = sync_conflict.item_id"
        " AND o.body_sha256 = sync_conflict.body_sha256"
        " AND (o.received_at < sync_conflict.received_at"
        " OR (o.received_at = sync_conflict.received_at AND o.id < sync_conflict.id)))"
    )


def upgrade() -> None:
    with op.batch_alter_table("sync_conflict") as batch_op:
        batch_op.add_column(sa.Column("times", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("last_received_at", sa.DateTime(timezone=True), nullable=True)
        )
    _merge_repeated_conflicts()
    with op.batch_alter_table("sync_conflict") as batch_op:
        batch_op.alter_column("times", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column(
            "last_received_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )
        batch_op.create_unique_constraint(
            "uq_sync_conflict_tenant_id_item_id_body_sha256",
            ["tenant_id", "item_id", "body_sha256"],
        )

    _drop_references()
    _set_keys(with_tenant=True)
    _add_references(with_tenant=True)


def downgrade() -> None:
    """Fails if two councils now hold the same id: the old schema cannot store both."""
    _drop_references()
    _set_keys(with_tenant=False)
    _add_references(with_tenant=False)

    with op.batch_alter_table("sync_conflict") as batch_op:
        batch_op.drop_constraint("uq_sync_conflict_tenant_id_item_id_body_sha256", type_="unique")
        batch_op.drop_column("last_received_at")
        batch_op.drop_column("times")
