"""What reminders does when other domains' events happen (registered by
harbour.subscriptions): each handler runs inside the publisher's transaction, so a reminder
is made, moved or cancelled exactly when the change it follows is committed. The worker's
catch-all reconcile (`Worker.reconcile_council`) stays as the safety net."""

from sqlmodel import Session

from harbour.accounts.events import YoungPersonActiveChanged
from harbour.health.events import PassportChanged
from harbour.kernel import events
from harbour.plans.events import PlanChanged, TaskNoted
from harbour.reminders import service
from harbour.statements.events import (
    MessageReceived,
    RepliesSeen,
    ReplySent,
    UrgentStatementReceived,
    UrgentUpdateReceived,
)


def on_dates_changed(
    session: Session, event: PlanChanged | PassportChanged | YoungPersonActiveChanged
) -> None:
    service.reconcile(session, event.council, event.young_person_id, event.at)


def on_task_noted(session: Session, event: TaskNoted) -> None:
    service.task_noted(session, event.council, event.task, event.note)


def on_reply_sent(session: Session, event: ReplySent) -> None:
    service.reply_sent(session, event.statement, event.reply, event.at)


def on_message_received(session: Session, event: MessageReceived) -> None:
    """The young person wrote back: their caseworkers get a message at once."""
    service.young_person_message(session, event.council, event.statement, event.message)


def on_replies_seen(session: Session, event: RepliesSeen) -> None:
    """Read in the thread, so the inbox no longer counts them as new."""
    service.replies_seen(session, event.statement, event.reply_ids, event.at)


def on_urgent_statement(session: Session, event: UrgentStatementReceived) -> None:
    """A push to everyone the in-app alert reaches, at once."""
    service.urgent_statement(session, event.council, event.statement, event.at)


def on_urgent_update(session: Session, event: UrgentUpdateReceived) -> None:
    """ "I'm OK now" / "Sent by mistake": a message at once to those acting on it."""
    service.urgent_update(session, event.council, event.statement, event.at)


def subscribe() -> None:
    events.subscribe(PlanChanged, on_dates_changed)
    events.subscribe(PassportChanged, on_dates_changed)
    events.subscribe(YoungPersonActiveChanged, on_dates_changed)
    events.subscribe(TaskNoted, on_task_noted)
    events.subscribe(ReplySent, on_reply_sent)
    events.subscribe(RepliesSeen, on_replies_seen)
    events.subscribe(MessageReceived, on_message_received)
    events.subscribe(UrgentStatementReceived, on_urgent_statement)
    events.subscribe(UrgentUpdateReceived, on_urgent_update)
