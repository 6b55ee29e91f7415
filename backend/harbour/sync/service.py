"""Storing outbox items exactly once.

Each item is its own transaction: a bad item is rejected with the field at fault and never
holds back the others. The receipt's primary key (the phone-made id) makes a second store
impossible; a different body under a used id is kept as a conflict for review, once per
body however often it is resent. Ids are unique within a council (decision 012): another
council's id is stored like a fresh one.

Some kinds are anonymous (pledge answers); personal kinds (statements, plan tasks, passport
edits) belong to the signed-in young person who sends them, and a batch holding one needs
that session. What each kind is, and each part of a pull, comes from the domain that
registered it (harbour.sync.kinds); this module knows no domain.
"""

import hashlib
import json
import uuid
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import structlog
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel
from sqlmodel import Session

from harbour.accounts.schemas import Principal
from harbour.config import Settings, made_once
from harbour.db import insert_once, insert_or_count
from harbour.kernel.change_sequence import ChangeWindow, current_change
from harbour.kernel.errors import Rejected, invalid
from harbour.kernel.metrics import SYNC_ITEMS
from harbour.kernel.time import utc_now
from harbour.push.schemas import b64url_decode, b64url_encode
from harbour.sync.kinds import ItemKind, SyncKinds, authors_council
from harbour.sync.models import SyncConflict, SyncReceipt
from harbour.sync.schemas import ItemStatus, PushItem, PushResult

log = structlog.get_logger("harbour.sync")

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


# --- sealed bodies (decision 020) ---------------------------------------------------------

SEALED_VERSION = 1
SEALED_INFO = b"harbour sealed body v1"
POINT = 65  # an uncompressed P-256 public key
IV = 12


def _new_sealing_pem() -> bytes:
    return ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@lru_cache(maxsize=8)
def _sealing_key(private_pem: str, data_dir: Path) -> ec.EllipticCurvePrivateKey:
    pem = private_pem.encode() or made_once(data_dir / "sealing.pem", _new_sealing_pem)
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ValueError("The sealing key (HARBOUR_SEALING_PRIVATE_KEY) must be a P-256 key.")
    return key


def sealing_key(settings: Settings) -> ec.EllipticCurvePrivateKey:
    """From the environment, or made once into data_dir/sealing.pem (0600) and kept, like
    vapid.pem: a new key would refuse what locked phones sealed to the old one. Read on first
    use and kept for the process, so a push with nothing sealed never needs it (nor a
    writable data_dir)."""
    return _sealing_key(settings.sealing_private_key, settings.data_dir)


def sealing_public_key(settings: Settings) -> str:
    point = (
        sealing_key(settings)
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return b64url_encode(point)


def _refused_seal() -> Rejected:
    return Rejected.at("sealed_body", "could not be opened: seal it again to the current key")


def open_sealed(item: PushItem, key: ec.EllipticCurvePrivateKey | None) -> PushItem:
    """The item with its body, opened from `sealed_body` if it came sealed. Rejected naming
    the field when it has neither or both, or when the envelope does not open (tampered,
    another server's key, or made for another id or kind)."""
    if (item.body is None) == (item.sealed_body is None):
        raise Rejected.at("sealed_body", "send either body or sealed_body, not both or neither")
    if item.sealed_body is None:
        return item
    if key is None:
        raise _refused_seal()
    try:
        envelope = b64url_decode(item.sealed_body)
    except ValueError:
        raise _refused_seal() from None
    if len(envelope) < 1 + POINT + IV + 16 or envelope[0] != SEALED_VERSION:
        raise _refused_seal()
    ephemeral, iv = envelope[1 : 1 + POINT], envelope[1 + POINT : 1 + POINT + IV]
    sealed = envelope[1 + POINT + IV :]
    try:
        peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), ephemeral)
        secret = key.exchange(ec.ECDH(), peer)
        aes = HKDF(hashes.SHA256(), 32, salt=ephemeral, info=SEALED_INFO).derive(secret)
        plain = AESGCM(aes).decrypt(iv, sealed, f"{item.id}:{item.kind}".encode())
    except (ValueError, InvalidTag):
        raise _refused_seal() from None
    return item.model_copy(update={"body": _sealed_object(plain), "sealed_body": None})


def _sealed_object(plain: bytes) -> dict[str, Any]:
    """The opened body, rejected naming `sealed_body` unless it reads as a JSON object.
    RecursionError is JSON nested too deep to read: one bad item, never a 500 for the batch."""
    try:
        body = json.loads(plain)
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise Rejected.at("sealed_body", "must hold a JSON object")
    return body


def body_digest(kinds: SyncKinds, item: PushItem, author: Principal | None = None) -> str:
    """What "the same body" means: kind and body, and for a personal kind its author too,
    so another person in the council reusing an id is a conflict, never a duplicate."""
    content: dict[str, Any] = {"kind": item.kind, "body": item.body}
    kind = kinds.kinds.get(item.kind)
    if author is not None and kind is not None and kind.needs_young_person:
        content["author"] = str(author.id)
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _parse_body(kinds: SyncKinds, item: PushItem) -> tuple[ItemKind[Any], Any]:
    kind = kinds.kinds.get(item.kind)
    if kind is None:
        known = ", ".join(sorted(kinds.kinds))
        raise Rejected.at("kind", f"Unknown kind; expected one of: {known}.")
    if kind.keeps_action_time:
        check_action_time(item.created_at, utc_now())
    assert item.body is not None  # open_sealed gave it one
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
    kind: ItemKind[Any],
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


def store_item(
    session: Session,
    kinds: SyncKinds,
    item: PushItem,
    author: Principal | None = None,
    key: ec.EllipticCurvePrivateKey | None = None,
) -> PushResult:
    """`key`: the sealing key, needed for an item sent with `sealed_body`."""
    try:
        item = open_sealed(item, key)
    except Rejected as rejected:
        return PushResult(id=item.id, status=ItemStatus.rejected, errors=rejected.fields)
    digest = body_digest(kinds, item, author)
    try:
        kind, body = _parse_body(kinds, item)
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
    session: Session,
    kinds: SyncKinds,
    items: list[PushItem],
    author: Principal | None = None,
    key: ec.EllipticCurvePrivateKey | None = None,
) -> list[PushResult]:
    """`author`: the signed-in young person, needed when `kinds.needs_young_person(items)`;
    `key`: the sealing key, for items sent with `sealed_body`."""
    results = [store_item(session, kinds, item, author, key) for item in items]
    for result in results:
        SYNC_ITEMS.labels(result.status.value).inc()
    log.info(
        "sync_push",
        items=len(results),
        **{status.value: sum(r.status == status for r in results) for status in ItemStatus},
    )
    return results


def pull(session: Session, kinds: SyncKinds, person: Principal, since: int) -> BaseModel:
    """Everything of theirs that changed after `since`, each registered section in turn.
    Their counter is read first: every change of theirs numbered up to it has committed, and
    the sections send only those (a change committing meanwhile has a higher number and
    comes next time), so the new cursor, the counter, never skips one (decision 021).
    Sections saying how things are now (who they are, the inbox count, the content version)
    are read every time; those of changes are skipped when the window is empty (decision 023)."""
    upto = current_change(session, person.tenant_id, person.id)
    if since > upto:
        raise invalid(
            "query.since",
            f"must be at most {upto}",
            summary="That cursor is ahead of the server: pull again from 0.",
        )
    council = authors_council(session, person)
    window = ChangeWindow(since, upto)
    # A phone that pulled a moment ago (a page opened again) costs no read of its changes.
    parts = [
        section.unchanged
        if window.is_empty and section.unchanged is not None
        else section.read(session, council, person, window)
        for section in kinds.sections
    ]
    return kinds.pull_out(cursor=upto, **{name: value for part in parts for name, value in part})
