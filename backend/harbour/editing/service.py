"""The life of an edit: save a draft, discard it, publish it, retire an item.

Every change is a compare-and-set on the row's `revision`, so of two editors working from
the same revision only the first lands and the second gets a 409. Publishing and retiring
change the council's content version in the same transaction, so phones fetch the new words
(the ETag of the offer and pledge changes with them).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy import update
from sqlmodel import Session, col

from harbour.accounts.schemas import Principal
from harbour.audit import service as audit
from harbour.audit.schemas import AuditAction
from harbour.editing.schemas import Edited
from harbour.kernel.errors import ApiError
from harbour.tenants import service as tenants
from harbour.tenants.models import Tenant


class EditableRow(Protocol):
    """What every editable table's rows have: `Editable`'s columns."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    key: str
    revision: int
    draft: dict[str, Any] | None
    live: bool
    edited_in_app: bool


Row = TypeVar("Row", bound=EditableRow)
Words = TypeVar("Words", bound=BaseModel)


@dataclass(frozen=True)
class Kind(Generic[Row, Words]):
    """One kind of editable content: its table, its pack schema, and how they map."""

    name: str  # the audit trail's subject kind
    model: type[Row]
    words: type[Words]
    current: Callable[[Row], Words]  # the live columns, as pack-shaped words
    columns: Callable[[Words], dict[str, Any]]  # pack-shaped words, as column values

    def draft(self, row: Row) -> Words | None:
        return None if row.draft is None else self.words.model_validate(row.draft)

    def shown(self, row: Row) -> Words:
        """What a young person would see once published: the draft, else the live words."""
        return self.draft(row) or self.current(row)

    def out(self, row: Row) -> Edited[Words]:
        return Edited[self.words].model_validate(  # type: ignore[name-defined]
            {
                "id": row.id,
                "key": row.key,
                "revision": row.revision,
                "live": row.live,
                "edited_in_app": row.edited_in_app,
                "current": self.current(row),
                "draft": self.draft(row),
            }
        )


def same_names(name: str, model: type[Row], words: type[Words]) -> Kind[Row, Words]:
    """A kind whose words each sit in the row's column of the same name."""
    return Kind(
        name,
        model,
        words,
        lambda row: words.model_validate(row, from_attributes=True),
        lambda said: said.model_dump(),
    )


def _clash(code: str, message: str) -> ApiError:
    return ApiError(409, code, message)


def _edited_elsewhere() -> ApiError:
    return _clash(
        "edited_elsewhere",
        "Someone else changed this since you opened it. Reload to see their version, "
        "then make your change again.",
    )


def _check_revision(row: EditableRow, seen: int) -> None:
    """The quick answer; `_change` makes sure of it in the database."""
    if row.revision != seen:
        raise _edited_elsewhere()


def _change(session: Session, row: Row, seen: int, values: dict[str, Any]) -> None:
    """Compare-and-set: the change lands only if the row is still at revision `seen`."""
    model: Any = type(row)
    done = session.execute(
        update(model)
        .where(col(model.id) == row.id, col(model.revision) == seen)
        .values(revision=seen + 1, **values)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()  # another editor's change landed since this request read the row
        raise _edited_elsewhere()
    session.expire(row)


def _audit(
    session: Session,
    actor: Principal,
    action: AuditAction,
    kind: Kind[Any, Any],
    row: EditableRow,
    fields: list[str] | None = None,
) -> None:
    audit.record(
        session,
        actor.tenant_id,
        action,
        actor,
        subject_kind=kind.name,
        subject_id=row.id,
        detail={"key": row.key, **({"fields": fields} if fields else {})},
    )


def changed_fields(before: BaseModel, after: BaseModel) -> list[str]:
    """The names (never the words) of the fields that differ, for the audit trail."""
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    return sorted(name for name in new if old.get(name) != new[name])


@dataclass(frozen=True)
class Edit(Generic[Row, Words]):
    """One editor's change to one row, made from the revision they last read."""

    actor: Principal
    kind: Kind[Row, Words]
    row: Row
    seen: int


def save_draft(session: Session, edit: Edit[Row, Words], draft: Words) -> Row:
    row = edit.row
    _check_revision(row, edit.seen)
    fields = changed_fields(edit.kind.current(row), draft)
    _change(session, row, edit.seen, {"draft": draft.model_dump(mode="json")})
    _audit(session, edit.actor, AuditAction.content_draft_saved, edit.kind, row, fields)
    session.commit()
    return row


def discard_draft(session: Session, edit: Edit[Row, Words]) -> Row:
    row = edit.row
    _check_revision(row, edit.seen)
    if row.draft is None:
        raise _clash("no_draft", "There is no draft to discard.")
    _change(session, row, edit.seen, {"draft": None})
    _audit(session, edit.actor, AuditAction.content_draft_discarded, edit.kind, row)
    session.commit()
    return row


def publish(session: Session, tenant: Tenant, edit: Edit[Row, Words]) -> Row:
    """Make the draft (or a retired item) live."""
    row = edit.row
    _check_revision(row, edit.seen)
    draft = edit.kind.draft(row)
    if draft is None and row.live:
        raise _clash("nothing_to_publish", "There are no changes to publish.")
    fields = changed_fields(edit.kind.current(row), draft) if draft else []
    values = {"draft": None, "live": True} | (edit.kind.columns(draft) if draft else {})
    return _change_what_they_see(
        session, tenant, edit, values, AuditAction.content_published, fields
    )


def retire(session: Session, tenant: Tenant, edit: Edit[Row, Words]) -> Row:
    """Take an item out of the app now; it stays here to publish again later."""
    _check_revision(edit.row, edit.seen)
    if not edit.row.live:
        raise _clash("not_live", "This is not live, so there is nothing to retire.")
    values = {"live": False}
    return _change_what_they_see(session, tenant, edit, values, AuditAction.content_retired)


def _change_what_they_see(
    session: Session,
    tenant: Tenant,
    edit: Edit[Row, Words],
    values: dict[str, Any],
    action: AuditAction,
    fields: list[str] | None = None,
) -> Row:
    """Change the row and give the council a new content version, all in one transaction:
    phones see every part of the change or none of it."""
    _change(session, edit.row, edit.seen, values | {"edited_in_app": True})
    tenants.new_content_version(session, tenant)
    _audit(session, edit.actor, action, edit.kind, edit.row, fields)
    session.commit()
    return edit.row


def added(session: Session, actor: Principal, kind: Kind[Row, Words], row: Row) -> Row:
    """Store a new item as a draft only: it is not live until it is published."""
    session.add(row)
    session.flush()
    _audit(session, actor, AuditAction.content_added, kind, row)
    session.commit()
    return row


def pack_clashes(
    label: str, kind: Kind[Row, Words], rows: list[Row], pack: dict[str, Words]
) -> list[str]:
    """The rows loading `pack` would change against what was done in the app (a draft
    waiting, or published or retired words the pack does not agree with), named for people."""
    return [f'{label} "{row.key}"' for row in rows if _clashes(kind, row, pack.get(row.key))]


def _clashes(kind: Kind[Row, Words], row: Row, from_pack: Words | None) -> bool:
    if row.draft is not None:
        return True  # loading would throw the draft away
    if not row.edited_in_app:
        return False
    if from_pack is None:
        return row.live  # the pack would remove a live item added or brought back in the app
    return not row.live or from_pack != kind.current(row)
