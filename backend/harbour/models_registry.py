"""Imports every table so SQLModel.metadata is complete (for Alembic and tests)."""

from harbour.accounts.models import (
    InviteCode,
    LegalStatusChange,
    RecoveryCode,
    StaffMember,
    Team,
    YoungPerson,
)
from harbour.audit.models import AuditEvent
from harbour.auth.models import SignInSession, SignInThrottle
from harbour.calendar.models import CalendarFeed
from harbour.field_edits import FieldEdit
from harbour.health.models import HealthPassport
from harbour.kernel.change_sequence import ChangeCounter
from harbour.offer.models import OfferItem
from harbour.passkeys.models import Passkey, PasskeyChallenge
from harbour.plans.models import Plan, PlanTask, TaskNote, TaskTemplate
from harbour.pledge.models import Pledge, PledgeAnswer, PledgePromise, PledgeTheme
from harbour.push.models import PushSubscription
from harbour.reminders.models import Reminder, ReminderPreference
from harbour.statements.models import Statement, StatementNote, StatementReply
from harbour.sync.models import SyncConflict, SyncReceipt
from harbour.tenants.models import ContentPackLoad, CouncilSignIn, Tenant

__all__ = [
    "AuditEvent",
    "CalendarFeed",
    "ChangeCounter",
    "ContentPackLoad",
    "CouncilSignIn",
    "FieldEdit",
    "HealthPassport",
    "InviteCode",
    "LegalStatusChange",
    "OfferItem",
    "Passkey",
    "PasskeyChallenge",
    "Plan",
    "PlanTask",
    "Pledge",
    "PledgeAnswer",
    "PledgePromise",
    "PledgeTheme",
    "PushSubscription",
    "RecoveryCode",
    "Reminder",
    "ReminderPreference",
    "SignInSession",
    "SignInThrottle",
    "StaffMember",
    "Statement",
    "StatementNote",
    "StatementReply",
    "SyncConflict",
    "SyncReceipt",
    "TaskNote",
    "TaskTemplate",
    "Team",
    "Tenant",
    "YoungPerson",
]
