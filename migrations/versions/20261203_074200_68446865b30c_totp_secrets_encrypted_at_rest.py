"""TOTP secrets encrypted at rest

Revision ID: 68446865b30c
Revises: bde2ad1d0502
Create Date: 2026-12-03 07:42:00

The column grows to hold a Fernet token, and every secret stored in plain text is encrypted
with the first of the settings' TOTP keys (HARBOUR_TOTP_KEYS, or data_dir/totp.key), so no
plain secret is left behind for staff who do not sign in again. Downgrading decrypts them.
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from harbour.config import get_settings
from harbour.credentials import TotpSecrets

revision: str = "68446865b30c"
down_revision: str | None = "bde2ad1d0502"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

staff = sa.table("staff_member", sa.column("id", sa.Uuid()), sa.column("totp_secret", sa.String()))


def _rewrite_secrets(change: Callable[[TotpSecrets, str], str | None]) -> None:
    """Each stored secret through `change`; None leaves it as it is. The keys are read only
    when there is a secret to change, so an empty database needs none."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(staff.c.id, staff.c.totp_secret).where(staff.c.totp_secret.is_not(None))
    ).all()
    if not rows:
        return
    totp = TotpSecrets(get_settings().resolved_totp_keys())
    for staff_id, secret in rows:
        changed = change(totp, secret)
        if changed is not None:
            connection.execute(
                staff.update().where(staff.c.id == staff_id).values(totp_secret=changed)
            )


def _seal_if_plain(totp: TotpSecrets, secret: str) -> str | None:
    return totp.seal(secret) if totp.open(secret) is None else None


def upgrade() -> None:
    with op.batch_alter_table("staff_member", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
            type_=sqlmodel.sql.sqltypes.AutoString(length=255),
            existing_nullable=True,
        )
    _rewrite_secrets(_seal_if_plain)


def downgrade() -> None:
    _rewrite_secrets(TotpSecrets.open)
    with op.batch_alter_table("staff_member", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=255),
            type_=sqlmodel.sql.sqltypes.AutoString(length=64),
            existing_nullable=True,
        )
