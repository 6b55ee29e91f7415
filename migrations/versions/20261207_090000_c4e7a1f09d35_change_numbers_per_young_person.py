"""change numbers per young person, not per council

Revision ID: c4e7a1f09d35
Revises: bf0aebeba35d
Create Date: 2026-12-07 09:00:00

`change_counter` had one row per council, whose row lock made every write a phone pulls
wait for the council's previous one. Now it has one row per young person (decision 021).
Each young person there now starts from their council's number, so a cursor a phone holds
(the council's number at its last pull) stays valid, and every number to come is above it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4e7a1f09d35"
down_revision: str | None = "bf0aebeba35d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Batch mode copies the table on SQLite; nothing refers to change_counter, so that is safe.
PERSON_FK = "fk_change_counter_young_person_id_young_person"


def upgrade() -> None:
    op.add_column("change_counter", sa.Column("young_person_id", sa.Uuid(), nullable=True))
    with op.batch_alter_table("change_counter") as batch:
        batch.drop_constraint("pk_change_counter", type_="primary")
    op.execute(
        "INSERT INTO change_counter (tenant_id, young_person_id, last) "
        "SELECT young_person.tenant_id, young_person.id, change_counter.last "
        "FROM young_person JOIN change_counter "
        "ON change_counter.tenant_id = young_person.tenant_id"
    )
    op.execute("DELETE FROM change_counter WHERE young_person_id IS NULL")
    with op.batch_alter_table("change_counter") as batch:
        batch.alter_column("young_person_id", existing_type=sa.Uuid(), nullable=False)
        batch.create_primary_key("pk_change_counter", ["tenant_id", "young_person_id"])
        batch.create_foreign_key(PERSON_FK, "young_person", ["young_person_id"], ["id"])


def downgrade() -> None:
    # The council's number becomes the highest of its young people's: above every number a
    # row or a phone's cursor holds.
    with op.batch_alter_table("change_counter") as batch:
        batch.drop_constraint(PERSON_FK, type_="foreignkey")
        batch.drop_constraint("pk_change_counter", type_="primary")
        batch.alter_column("young_person_id", existing_type=sa.Uuid(), nullable=True)
    op.execute(
        "INSERT INTO change_counter (tenant_id, young_person_id, last) "
        "SELECT tenant_id, NULL, MAX(last) FROM change_counter GROUP BY tenant_id"
    )
    op.execute("DELETE FROM change_counter WHERE young_person_id IS NOT NULL")
    with op.batch_alter_table("change_counter") as batch:
        batch.drop_column("young_person_id")
        batch.create_primary_key("pk_change_counter", ["tenant_id"])
