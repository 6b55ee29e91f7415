"""Statements' sync kinds and pull section: what a young person writes in "My views" comes
in as a `statement` item, "I'm OK now" / "Sent by mistake" from the help screen as a
`statement_update`, and what they write back in a statement's thread as a `statement_message`;
their statements' state, the replies and their own messages go back in each pull."""

from typing import Any

from harbour.statements import service
from harbour.statements.schemas import (
    StatementIn,
    StatementMessageIn,
    StatementsPull,
    StatementUpdateIn,
)
from harbour.sync.kinds import ItemKind, PullSection, body_of, signed_in

STATEMENT = ItemKind[service.ParsedStatement](
    name="statement",
    description="""From the signed-in young person ("My views"). Every answer may be left
out; free text up to 10,000 characters. Answers by type: meeting: meeting_kind
(lac_review|pathway_plan_review|other), meeting_other, meeting_date (YYYY-MM-DD, 30 days
before to 366 days after `created_at`), going_well, not_going_well, want_to_happen,
who_there, chair_or_speak (chair|speak|someone_else|not_sure); feeling: feeling (1 really bad
to 5 really good), topics (home, family_friends, education_work, health, money, my_worker,
something_else; each once), text; problem: text, want; good_news: text; ask: question;
help_now ("I need help now"): no answers, and always urgent.
`recipient`: "pa" or a key from the council's views.recipients.""",
    body=StatementIn,
    parse=service.parse_statement,
    check=lambda session, item, parsed, author: service.check_statement(
        session, parsed, item.created_at, signed_in(author)
    ),
    apply=lambda session, item, council, parsed, author: service.record_statement(
        session, item.id, item.created_at, council, parsed, signed_in(author)
    ),
    needs_young_person=True,
)

STATEMENT_UPDATE = ItemKind[StatementUpdateIn](
    name="statement_update",
    description="""From the signed-in young person's help screen, about one of their own
urgent statements: `said` ok_now ("I'm OK now") or by_mistake ("Sent by mistake"). It is
shown to their PA (and whoever the statement alerts) and audited; it closes, calms and
acknowledges nothing. Another person's or council's statement, or one that is not urgent,
is `rejected` naming `body.statement_id`.""",
    body=StatementUpdateIn,
    parse=body_of(StatementUpdateIn),
    check=lambda session, _item, body, author: service.own_urgent_statement(
        session, signed_in(author), body.statement_id
    ),
    apply=lambda session, item, council, body, author: service.record_update(
        session, item.id, item.created_at, council, body, signed_in(author)
    ),
    needs_young_person=True,
    keeps_action_time=True,
)

STATEMENT_MESSAGE = ItemKind[StatementMessageIn](
    name="statement_message",
    description="""The signed-in young person writes back in the thread of one of their own
statements (the item's id is the message's id; `created_at` is when they wrote it). A
statement that is not theirs is `rejected` naming `body.statement_id`, the same as a
made-up id. The statement comes back to its caseworkers: flagged as a new message until one
opens it, and reopened (In progress) if it was Done.""",
    body=StatementMessageIn,
    parse=body_of(StatementMessageIn),
    check=lambda session, _item, body, author: service.check_message(
        session, body, signed_in(author)
    ),
    apply=lambda session, item, council, body, author: service.record_message(
        session, item.id, item.created_at, council, body, signed_in(author)
    ),
    needs_young_person=True,
    keeps_action_time=True,
)

KINDS: list[ItemKind[Any]] = [STATEMENT, STATEMENT_UPDATE, STATEMENT_MESSAGE]

PULL = PullSection(
    shape=StatementsPull,
    read=lambda session, _council, person, window: service.changes_for(session, person, window),
    unchanged=StatementsPull(statements=[], replies=[], statement_messages=[]),
)
