"""Imports every module that declares tables, so SQLModel.metadata is complete (for Alembic
and tests). A new table in one of these modules needs nothing here; a new module does."""

from harbour import field_edits
from harbour.accounts import models as accounts
from harbour.audit import models as audit
from harbour.auth import models as auth
from harbour.calendar import models as calendar
from harbour.health import models as health
from harbour.kernel import change_sequence
from harbour.offer import models as offer
from harbour.passkeys import models as passkeys
from harbour.plans import models as plans
from harbour.pledge import models as pledge
from harbour.push import models as push
from harbour.reminders import models as reminders
from harbour.statements import models as statements
from harbour.sync import models as sync
from harbour.tenants import models as tenants

TABLE_MODULES = (
    accounts,
    audit,
    auth,
    calendar,
    change_sequence,
    field_edits,
    health,
    offer,
    passkeys,
    plans,
    pledge,
    push,
    reminders,
    statements,
    sync,
    tenants,
)
