"""Storing outbox items exactly once.

Each item is its own transaction: a bad item is rejected with the field at fault and never
holds back the others. The receipt's primary key (the phone-made id) makes a second store
impossible; a different body under a used id is kept as a conflict for review, once per
body however often it is resent. Ids are unique within a council (decision 012): another
council's id is stored like a fresh one.

Some kinds are anonymous (pledge answers); personal kinds (statements, plan tasks, passport
edits) belong to the signed-in young person who sends them, and a batch holding one needs
that session.

A pull is composed here from every domain a phone keeps a copy of, under one cursor.
"""

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlmodel import Session

from harbour.accounts.schemas import Principal
from harbour.change_sequence import current_change
from harbour.db import insert_once, insert_or_count
from harbour.errors import ApiError, FieldError, Rejected, validated
from harbour.field_edits import device_of
from harbour.health import service as health
from harbour.plans import service as plans
from harbour.plans.access import own_task
from harbour.plans.models import PlanTask
from harbour.plans.schemas import NoteItem, OwnTaskIn, TaskEditItem
from harbour.pledge import service as pledge_service
from harbour.pledge.schemas import PledgeAnswerIn
from harbour.statements import service as statements
from harbour.sync.models import SyncConflict, SyncReceipt
from harbour.sync.schemas import ItemStatus, PullOut, PushItem, PushResult
from harbour.tenants.models import Tenant, utc_now

log = structlog.get_logger("harbour.sync")


def _author(author: Principal | None) -> Principal:
    assert author is not None  # the route asked for a session for this kind
    return author


def _council(session: Session, author: Principal | None) -> Tenant:
    council = session.get(Tenant, _author(author).tenant_id)
    assert council is not None  # the author's session was checked moments ago
    return council


def _authors_council(session: Session, _body: Any, author: Principal | None) -> Tenant:
    return _council(session, author)


@dataclass(frozen=True)
class Kind:
    """How to read, check and store one kind of outbox item. `author` is the signed-in
    young person for a kind that `needs_young_person`, and None for an anonymous kind.
    `council`: whose item it is, the council its id is unique in (known before the id
    is looked up, so another council's items are never seen)."""

    parse: Callable[[dict[str, Any]], Any]
    check: Callable[[Session, PushItem, Any, Principal | None], Tenant]
    apply: Callable[[Session, PushItem, Tenant, Any, Principal | None], None]
    needs_young_person: bool = False
    keeps_action_time: bool = False  # its history shows `created_at`: checked first
    council: Callable[[Session, Any, Principal | None], Tenant] = _authors_council


# A phone's clock may run a little fast; a change can wait offline for weeks, not years.
CLOCK_SKEW = timedelta(minutes=5)
OLDEST_ACTION = timedelta(days=366)


def check_action_time(created_at: datetime, now: datetime) -> None:
    """Rejected, naming `created_at`, when the device's time of the change cannot be right:
    a history must not show a change made in the future or years ago."""
    if created_at > now + CLOCK_SKEW:
        raise Rejected.at(
            "created_at", "must not be in the future: check the date and time on this phone"
        )
    if created_at < now - OLDEST_ACTION:
        raise Rejected.at("created_at", "must be within the last year")


def _their_task(session: Session, author: Principal | None, task_id: uuid.UUID) -> Tenant:
    """Their council, when the task is in their own plan; anyone else's is a made-up id."""
    if own_task(session, _author(author), task_id) is None:
        raise Rejected.at("body.task_id", "There is no task with this id in your plan.")
    return _council(session, author)


def _task(session: Session, tenant: Tenant, task_id: uuid.UUID) -> PlanTask:
    task = session.get(PlanTask, {"id": task_id, "tenant_id": tenant.id})
    assert task is not None  # checked to be theirs; tasks are never deleted
    return task


def _as_rejected(change: Callable[[], object]) -> None:
    """Run a plan change; a refusal (the field at fault) becomes the item's `rejected`."""
    try:
        change()
    except ApiError as error:
        raise plans.rejected_instead(error) from None


def _edit_task(
    session: Session, item: PushItem, tenant: Tenant, body: TaskEditItem, who: Principal
) -> None:
    device = device_of(session, who)
    task = _task(session, tenant, body.task_id)
    _as_rejected(
        lambda: plans.edit_task(
            session,
            tenant,
            task,
            who,
            device,
            item.id,
            body.base_version,
            body.set,
            utc_now(),
            acted_at=item.created_at,
        )
    )


def _add_note(
    session: Session, item: PushItem, tenant: Tenant, body: NoteItem, who: Principal
) -> None:
    device = device_of(session, who)
    task = _task(session, tenant, body.task_id)
    _as_rejected(
        lambda: plans.add_note(
            session, tenant, task, who, device, item.id, body.text, acted_at=item.created_at
        )
    )


KINDS: dict[str, Kind] = {
    "pledge_answer": Kind(
        parse=lambda body: validated(PledgeAnswerIn, body, "body"),
        check=lambda session, _item, answer, _author: pledge_service.check_answer(session, answer),
        apply=lambda session, item, tenant, answer, _author: pledge_service.record_answer(
            session, item.id, item.created_at, tenant, answer
        ),
        council=lambda session, answer, _author: pledge_service.answer_council(session, answer),
    ),
    "statement": Kind(
        parse=statements.parse_statement,
        check=lambda session, item, parsed, author: statements.check_statement(
            session, parsed, item.created_at, _author(author)
        ),
        apply=lambda session, item, tenant, parsed, author: statements.record_statement(
            session, item.id, item.created_at, tenant, parsed, _author(author)
        ),
        needs_young_person=True,
    ),
    "passport_edit": Kind(
        parse=health.parse_edit,
        check=lambda session, _item, _edit, author: health.council_of(session, _author(author)),
        apply=lambda session, item, council, edit, author: health.record_phone_edit(
            session, item.id, council, edit, _author(author), item.created_at
        ),
        needs_young_person=True,
        keeps_action_time=True,
    ),
    "task_create": Kind(
        parse=lambda body: validated(OwnTaskIn, body, "body"),
        check=lambda session, _item, _body, author: _council(session, author),
        apply=lambda session, item, tenant, body, author: _as_rejected(
            lambda: plans.add_own_task(session, tenant, _author(author), item.id, body, utc_now())
        ),
        needs_young_person=True,
    ),
    "task_edit": Kind(
        parse=lambda body: validated(TaskEditItem, body, "body"),
        check=lambda session, _item, body, author: _their_task(session, author, body.task_id),
        apply=lambda session, item, tenant, body, author: _edit_task(
            session, item, tenant, body, _author(author)
        ),
        needs_young_person=True,
        keeps_action_time=True,
    ),
    "task_note": Kind(
        parse=lambda body: validated(NoteItem, body, "body"),
        check=lambda session, _item, body, author: _their_task(session, author, body.task_id),
        apply=lambda session, item, tenant, body, author: _add_note(
            session, item, tenant, body, _author(author)
        ),
        needs_young_person=True,
        keeps_action_time=True,
    ),
}


def needs_young_person(items: list[PushItem]) -> bool:
    return any(kind.needs_young_person for i in items if (kind := KINDS.get(i.kind)))


def body_digest(item: PushItem, author: Principal | None = None) -> str:
    """What "the same body" means: kind and body, and for a personal kind its author too,
    so another person in the council reusing an id is a conflict, never a duplicate."""
    content: dict[str, Any] = {"kind": item.kind, "body": item.body}
    kind = KINDS.get(item.kind)
    if author is not None and kind is not None and kind.needs_young_person:
        content["author"] = str(author.id)
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _parse_body(item: PushItem) -> tuple[Kind, Any]:
    kind = KINDS.get(item.kind)
    if kind is None:
        raise Rejected.at("kind", f"Unknown kind; expected one of: {', '.join(sorted(KINDS))}.")
    if kind.keeps_action_time:
        check_action_time(item.created_at, utc_now())
    return kind, kind.parse(item.body)


def _known_result(
    session: Session, item: PushItem, council_id: uuid.UUID, digest: str
) -> ItemStatus | None:
    """None for an id new in this council; for a stored one, duplicate (same body) or
    conflict (kept for review once per body, counting how often it came)."""
    stored = session.get(SyncReceipt, {"id": item.id, "tenant_id": council_id})
    if stored is None:
        return None
    if stored.body_sha256 == digest:
        return ItemStatus.duplicate
    now = utc_now()
    conflict = {
        "id": uuid.uuid4(),
        "item_id": item.id,
        "kind": item.kind,
        "tenant_id": council_id,
        "body": item.body,
        "body_sha256": digest,
        "received_at": now,
        "times": 1,
        "last_received_at": now,
    }
    insert_or_count(
        session,
        SyncConflict,
        conflict,
        key=["tenant_id", "item_id", "body_sha256"],
        counted="times",
        refreshed={"last_received_at": now},
    )
    return ItemStatus.conflict


def _store_new(
    session: Session,
    item: PushItem,
    digest: str,
    kind: Kind,
    body: Any,
    author: Principal | None,
) -> ItemStatus:
    tenant = kind.check(session, item, body, author)
    # End the read transaction first: SQLite cannot safely turn an old read into a write.
    session.rollback()
    receipt = {
        "id": item.id,
        "kind": item.kind,
        "tenant_id": tenant.id,
        "body_sha256": digest,
        "created_at": item.created_at,
        "received_at": utc_now(),
    }
    if not insert_once(session, SyncReceipt, receipt):
        # Another request stored this id between our read and our write.
        status = _known_result(session, item, tenant.id, digest)
        assert status is not None
        return status
    kind.apply(session, item, tenant, body, author)
    return ItemStatus.accepted


def store_item(session: Session, item: PushItem, author: Principal | None = None) -> PushResult:
    digest = body_digest(item, author)
    try:
        kind, body = _parse_body(item)
        council = kind.council(session, body, author)
        status = _known_result(session, item, council.id, digest) or _store_new(
            session, item, digest, kind, body, author
        )
    except Rejected as rejected:
        session.rollback()
        return PushResult(id=item.id, status=ItemStatus.rejected, errors=rejected.fields)
    session.commit()
    return PushResult(id=item.id, status=status)


def store_batch(
    session: Session, items: list[PushItem], author: Principal | None = None
) -> list[PushResult]:
    """`author`: the signed-in young person, needed when `needs_young_person(items)`."""
    results = [store_item(session, item, author) for item in items]
    log.info(
        "sync_push",
        items=len(results),
        **{status.value: sum(r.status == status for r in results) for status in ItemStatus},
    )
    return results


def pull(session: Session, person: Principal, since: int) -> PullOut:
    """Everything of theirs that changed after `since`. The counter is read first: every
    change numbered up to it has committed, so the cursor never skips one."""
    cursor = current_change(session, person.tenant_id)
    if since > cursor:
        raise ApiError(
            422,
            "invalid",
            "That cursor is ahead of the server: pull again from 0.",
            [FieldError(field="query.since", message=f"must be at most {cursor}")],
        )
    council = _council(session, person)
    said = statements.changes_for(session, person, since)
    plan = plans.changes_for(session, council, person, since)
    passport = health.changes_for(session, person, since)
    return PullOut(
        cursor=max([cursor, *said.change_seqs, *plan.change_seqs]),
        statements=said.statements,
        replies=said.replies,
        plan=plan.plan,
        tasks=plan.tasks,
        passport=passport,
        history=plan.history,
    )
