"""Storing outbox items exactly once.

Each item is its own transaction: a bad item is rejected with the field at fault and never
holds back the others. The receipt's primary key (the phone-made id) makes a second store
impossible; a different body under a used id is kept as a conflict for review.

Some kinds are anonymous (pledge answers); personal kinds (statements, passport edits) belong to the
signed-in young person who sends them, and a batch holding one needs that session.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from sqlmodel import Session

from harbour.accounts.schemas import Principal
from harbour.db import insert_once
from harbour.errors import Rejected, validated
from harbour.health import service as health
from harbour.pledge import service as pledge_service
from harbour.pledge.schemas import PledgeAnswerIn
from harbour.statements import service as statements
from harbour.statements.schemas import PullOut
from harbour.sync.models import SyncConflict, SyncReceipt
from harbour.sync.schemas import ItemStatus, PushItem, PushResult
from harbour.tenants.models import Tenant, utc_now

log = structlog.get_logger("harbour.sync")


@dataclass(frozen=True)
class Kind:
    """How to read, check and store one kind of outbox item. `author` is the signed-in
    young person for a kind that `needs_young_person`, and None for an anonymous kind."""

    parse: Callable[[dict[str, Any]], Any]
    check: Callable[[Session, PushItem, Any, Principal | None], Tenant]
    apply: Callable[[Session, PushItem, Tenant, Any, Principal | None], None]
    needs_young_person: bool = False


def _author(author: Principal | None) -> Principal:
    assert author is not None  # the route asked for a session for this kind
    return author


KINDS: dict[str, Kind] = {
    "pledge_answer": Kind(
        parse=lambda body: validated(PledgeAnswerIn, body, "body"),
        check=lambda session, _item, answer, _author: pledge_service.check_answer(session, answer),
        apply=lambda session, item, tenant, answer, _author: pledge_service.record_answer(
            session, item.id, item.created_at, tenant, answer
        ),
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
            session, item.id, council, edit, _author(author)
        ),
        needs_young_person=True,
    ),
}


def changes_for(session: Session, person: Principal, since: int) -> PullOut:
    """What changed for this young person after `since`. The statements part reads the
    cursor first, so nothing numbered up to it can be missed by the parts read after it."""
    pulled = statements.changes_for(session, person, since)
    pulled.passport = health.changes_for(session, person, since)
    pulled.history = health.history_since(session, person, since)
    return pulled


def needs_young_person(items: list[PushItem]) -> bool:
    return any(kind.needs_young_person for i in items if (kind := KINDS.get(i.kind)))


def body_digest(item: PushItem, author: Principal | None = None) -> str:
    """What "the same body" means: kind and body, and for a personal kind its author too,
    so another person reusing an id is a conflict, never a duplicate."""
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
    return kind, kind.parse(item.body)


def _known_result(
    session: Session, item: PushItem, digest: str, author: Principal | None
) -> ItemStatus | None:
    """None for a new id; for a stored one, duplicate (same body) or conflict (kept for review,
    in the sender's council when we know it: their words never land in another council)."""
    stored = session.get(SyncReceipt, item.id)
    if stored is None:
        return None
    if stored.body_sha256 == digest:
        return ItemStatus.duplicate
    session.add(
        SyncConflict(
            item_id=item.id,
            kind=item.kind,
            tenant_id=author.tenant_id if author else stored.tenant_id,
            body=item.body,
            body_sha256=digest,
        )
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
        status = _known_result(session, item, digest, author)
        assert status is not None
        return status
    kind.apply(session, item, tenant, body, author)
    return ItemStatus.accepted


def store_item(session: Session, item: PushItem, author: Principal | None = None) -> PushResult:
    digest = body_digest(item, author)
    try:
        kind, body = _parse_body(item)
        status = _known_result(session, item, digest, author) or _store_new(
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
