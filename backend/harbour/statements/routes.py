"""Statements API for staff ("my views"): the triage queue, urgent alerts, one statement,
and what staff do with it. Who sees which statement is decided in statements.access only."""

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.convertors import StringConvertor, register_url_convertor

from harbour.access.session import CallerDep
from harbour.db import SessionDep
from harbour.kernel.errors import SIGNED_IN_RESPONSES
from harbour.kernel.time import utc_now
from harbour.statements import service
from harbour.statements.access import (
    OwnStatement,
    StatementStaff,
    VisibleStatement,
    check_team_view,
    statement_alerts_for,
    statement_visible_to,
)
from harbour.statements.schemas import (
    AcknowledgeIn,
    AlertList,
    NoteOut,
    QueuePage,
    QueueQuery,
    RepliesSeen,
    ReplyOut,
    StatementChange,
    StatementOut,
    TextIn,
    ThreadOut,
)

router = APIRouter(prefix="/api/v1/statements", tags=["my views"], responses=SIGNED_IN_RESPONSES)
# The young person's own statements, as threads (anyone else's, and to staff: a 404).
mine = APIRouter(prefix="/api/v1/my-views", tags=["my views"], responses=SIGNED_IN_RESPONSES)


class _StatementIdConvertor(StringConvertor):
    """Any path segment but `alerts`, so PATCH /statements/alerts is a 405 for that route
    rather than a statement id; anything else that is not a uuid is still a 422 naming it."""

    regex = r"(?!alerts$)[^/]+"


register_url_convertor("statement_id", _StatementIdConvertor())
ONE = "/{statement_id:statement_id}"


@router.get("", summary="The triage queue")
def list_statements(
    caller: StatementStaff, session: SessionDep, query: Annotated[QueueQuery, Query()]
) -> QueuePage:
    """Statements sent to you, your team or your caseload, most urgent first:
    unacknowledged urgent, then urgent, then a meeting in the next 7 days (the council's
    time zone), then the rest; oldest received first within each. A row answered (the first
    reply, or Done) says when, by whom and how late (`answered_at`, `answered_by`,
    `answered_late_minutes`): the response clock has stopped. Listing is audited."""
    check_team_view(caller, query.view)
    me = caller.principal
    reach = service.Reach(statement_visible_to(me), statement_alerts_for(me))
    wanted = service.QueueFilter.of(query)
    return service.list_queue(session, caller.council, me, reach, wanted, utc_now())


@router.get("/alerts", summary="Urgent statements waiting for you")
def list_alerts(caller: StatementStaff, session: SessionDep) -> AlertList:
    """Unacknowledged urgent statements for the young people you are PA for (or whose PA
    you manage), or sent to your team, oldest first: for the in-app alert."""
    alerted = statement_alerts_for(caller.principal)
    return AlertList(items=service.list_alerts(session, caller.council, alerted, utc_now()))


@router.get(ONE, summary="One statement, with replies and notes")
def get_statement(
    statement: VisibleStatement, caller: StatementStaff, session: SessionDep
) -> StatementOut:
    """The first opening by someone who may see it marks it read (the young person sees
    "Read by <first name>") and moves New to Seen. Every opening is audited."""
    return service.read_statement(session, caller.council, statement, caller.principal, utc_now())


@router.patch(ONE, summary="Move a statement on, or assign it")
def change_statement(
    data: StatementChange, statement: VisibleStatement, caller: StatementStaff, session: SessionDep
) -> StatementOut:
    """`status`: New, Seen, In progress, Done, forward in any steps, and back from Done to In
    progress. Done stops the response clock. `assigned_staff_id`: managers and admins assign
    within their team or council; a PA takes an unassigned team statement or hands theirs to
    a teammate; `null` puts a team statement back in the team's pool. An empty change
    changes nothing."""
    if not data.model_fields_set:
        return service.statement_out(session, caller.council, statement, utc_now())
    number = service.lock_for_change(session, statement)  # who holds it is decided after this
    assignee = (
        service.assignee_for(
            session, caller.council, caller.principal, statement, data.assigned_staff_id
        )
        if "assigned_staff_id" in data.model_fields_set
        else None
    )
    return service.change_statement(
        session, caller.council, statement, caller.principal, data, assignee, number, utc_now()
    )


@router.post(ONE + "/acknowledge", summary="Acknowledge an urgent statement, and reply")
def acknowledge(
    statement: VisibleStatement,
    caller: StatementStaff,
    session: SessionDep,
    data: AcknowledgeIn | None = None,
) -> StatementOut:
    """Stops the alert; keeps who acknowledged and when. 409 for a statement that is not
    urgent. Acknowledging again changes nothing. With a `reply`, the reply is sent in the
    same step (the young person gets it through `GET /api/v1/sync/pull`): both happen or,
    for a reply that cannot be sent (422 naming `body.reply`), neither does."""
    reply = data.reply if data else None
    return service.acknowledge(
        session, caller.council, statement, caller.principal, utc_now(), reply
    )


@router.post(ONE + "/replies", status_code=201, summary="Reply to the young person")
def add_reply(
    data: TextIn, statement: VisibleStatement, caller: StatementStaff, session: SessionDep
) -> ReplyOut:
    """The young person gets it through `GET /api/v1/sync/pull` and can read it offline.
    The first reply stops the response clock."""
    return service.add_reply(session, statement, caller.principal, data.text, utc_now())


@router.post(ONE + "/notes", status_code=201, summary="Add an internal note")
def add_note(
    data: TextIn, statement: VisibleStatement, caller: StatementStaff, session: SessionDep
) -> NoteOut:
    """For staff only: the young person never sees notes."""
    return service.add_note(session, statement, caller.principal, data.text, utc_now())


@router.post(ONE + "/copied-to-case-record", summary='Mark it "copied to case record"')
def copied_to_case_record(
    statement: VisibleStatement, caller: StatementStaff, session: SessionDep
) -> StatementOut:
    """Says that you copied this statement into the council's case system (for instance
    from its export, `GET /api/v1/statements/{statement_id}/export`). The first mark is kept
    with who made it and when (`copied_to_case_record`), and audited as
    `statement_copied_to_case_record`; marking it again changes nothing and answers the same.
    It takes no body. The young person never sees it."""
    return service.mark_copied(session, caller.council, statement, caller.principal, utc_now())


@mine.get("/statements/{my_statement_id}", summary="One of my statements, as a thread")
def my_thread(statement: OwnStatement, caller: CallerDep, session: SessionDep) -> ThreadOut:
    """For the young person who sent it: their words, the replies and what they wrote back,
    oldest first, so the phone can show the thread (it keeps the words only while they are
    signed in). Anyone else's statement, or another council's, is a 404. Never cached."""
    return service.thread_for(session, caller.council, statement)


@mine.post(
    "/statements/{my_statement_id}/seen", status_code=204, summary="I have seen these replies"
)
def replies_seen(data: RepliesSeen, statement: OwnStatement, session: SessionDep) -> None:
    """The phone showed them these replies: the first time counts (staff see "Seen at
    17:20"); again changes nothing. An id that is not a reply to this statement is a 422
    naming `body.reply_ids`, and nothing is marked."""
    service.mark_replies_seen(session, statement, data.reply_ids, utc_now())
