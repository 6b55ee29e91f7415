"""What the statements domain publishes (see harbour.kernel.events); reminders acts on each."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from harbour.kernel.events import Event
from harbour.statements.models import Statement, StatementMessage, StatementReply
from harbour.tenants.models import Tenant


@dataclass(frozen=True)
class ReplySent(Event):
    """Staff replied to a young person's statement."""

    statement: Statement
    reply: StatementReply
    at: datetime


@dataclass(frozen=True)
class MessageReceived(Event):
    """The young person wrote back in one of their statements' threads."""

    council: Tenant
    statement: Statement
    message: StatementMessage
    at: datetime


@dataclass(frozen=True)
class RepliesSeen(Event):
    """The young person opened their thread and saw these replies for the first time."""

    statement: Statement
    reply_ids: frozenset[uuid.UUID]
    at: datetime


@dataclass(frozen=True)
class UrgentStatementReceived(Event):
    """A statement arrived marked urgent (asked for help, or a safeguarding phrase)."""

    council: Tenant
    statement: Statement
    at: datetime


@dataclass(frozen=True)
class UrgentUpdateReceived(Event):
    """A young person said "I'm OK now" or "Sent by mistake" about an urgent statement."""

    council: Tenant
    statement: Statement
    update_id: uuid.UUID  # the sync item's id
    at: datetime
