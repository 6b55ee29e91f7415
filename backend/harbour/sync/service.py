"""Storing outbox items exactly once.

Each item is its own transaction: a bad item is rejected with the field at fault and never
holds back the others. The receipt's primary key (the phone-made id) makes a second store
impossible; a different body under a used id is kept as a conflict for review.
"""

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from harbour.db import insert_once
from harbour.errors import FieldError, Rejected, field_name
from harbour.pledge import service as pledge_service
from harbour.pledge.schemas import PledgeAnswerIn
from harbour.sync.models import SyncConflict, SyncReceipt
from harbour.sync.schemas import ItemStatus, PushItem, PushResult
from harbour.tenants.models import Tenant, utc_now

log = structlog.get_logger("harbour.sync")


@dataclass(frozen=True)
class Kind:
    """How to check and store one kind of outbox item."""

    body_model: type[BaseModel]
    check: Callable[[Session, Any], Tenant]
    apply: Callable[[Session, uuid.UUID, datetime, Tenant, Any], None]


KINDS: dict[str, Kind] = {
    "pledge_answer": Kind(
        PledgeAnswerIn, pledge_service.check_answer, pledge_service.record_answer
    ),
}


def body_digest(item: PushItem) -> str:
    canonical = json.dumps(
        {"kind": item.kind, "body": item.body}, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _parse_body(item: PushItem) -> tuple[Kind, BaseModel]:
    kind = KINDS.get(item.kind)
    if kind is None:
        raise Rejected.at("kind", f"Unknown kind; expected one of: {', '.join(sorted(KINDS))}.")
    try:
        return kind, kind.body_model.model_validate(item.body)
    except ValidationError as error:
        raise Rejected(
            [
                FieldError(field=field_name(("body", *e["loc"])), message=e["msg"])
                for e in error.errors()
            ]
        ) from None


def _known_result(session: Session, item: PushItem, digest: str) -> ItemStatus | None:
    """None for a new id; for a stored one, duplicate (same body) or conflict (kept for review)."""
    stored = session.get(SyncReceipt, item.id)
    if stored is None:
        return None
    if stored.body_sha256 == digest:
        return ItemStatus.duplicate
    session.add(
        SyncConflict(
            item_id=item.id,
            kind=item.kind,
            tenant_id=stored.tenant_id,
            body=item.body,
            body_sha256=digest,
        )
    )
    return ItemStatus.conflict


def _store_new(
    session: Session, item: PushItem, digest: str, kind: Kind, body: BaseModel
) -> ItemStatus:
    tenant = kind.check(session, body)
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
        status = _known_result(session, item, digest)
        assert status is not None
        return status
    kind.apply(session, item.id, item.created_at, tenant, body)
    return ItemStatus.accepted


def store_item(session: Session, item: PushItem) -> PushResult:
    digest = body_digest(item)
    try:
        kind, body = _parse_body(item)
        status = _known_result(session, item, digest) or _store_new(
            session, item, digest, kind, body
        )
    except Rejected as rejected:
        session.rollback()
        return PushResult(id=item.id, status=ItemStatus.rejected, errors=rejected.fields)
    session.commit()
    return PushResult(id=item.id, status=status)


def store_batch(session: Session, items: list[PushItem]) -> list[PushResult]:
    results = [store_item(session, item) for item in items]
    log.info(
        "sync_push",
        items=len(results),
        **{status.value: sum(r.status == status for r in results) for status in ItemStatus},
    )
    return results
