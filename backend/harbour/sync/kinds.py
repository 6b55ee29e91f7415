"""The registry of sync item kinds and pull sections. Sync knows no domain: each domain
declares its kinds and its part of a pull (in its own `sync.py`), and the app registers them
in one `SyncKinds`, which also builds the request and pull shapes the OpenAPI document
describes."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field, create_model
from sqlmodel import Session

from harbour.accounts.schemas import Principal
from harbour.kernel.change_sequence import ChangeWindow
from harbour.kernel.errors import validated
from harbour.sync.schemas import MAX_BATCH, PushItem, PushRequest
from harbour.tenants.models import Tenant

Body = TypeVar("Body")
Part = TypeVar("Part", bound=BaseModel)
Model = TypeVar("Model", bound=BaseModel)

# The signed-in young person for a kind that `needs_young_person`; None for an anonymous one.
Author = Principal | None


def signed_in(author: Author) -> Principal:
    assert author is not None  # the route asked for a session for this kind
    return author


def authors_council(session: Session, author: Author) -> Tenant:
    council = session.get(Tenant, signed_in(author).tenant_id)
    assert council is not None  # the author's session was checked moments ago
    return council


def _authors_council(session: Session, _body: object, author: Author) -> Tenant:
    return authors_council(session, author)


def body_of(model: type[Model]) -> Callable[[dict[str, Any]], Model]:
    """Read a body as `model`, naming each wrong field from `body.`."""
    return lambda body: validated(model, body, "body")


@dataclass(frozen=True)
class ItemKind(Generic[Body]):
    """How to read, check and store one kind of outbox item.

    `body` is the body as the OpenAPI document describes it; `parse` reads a sent body (into
    a `Body`, or Rejected naming each field). `council`: whose item it is, the council its id
    is unique in (known before the id is looked up, so another council's items are never
    seen). `check` refuses what cannot be stored (Rejected naming the field) and answers the
    council; `apply` stores it (the caller commits). `keeps_action_time`: its history shows
    `created_at`, so that is checked first."""

    name: str
    description: str
    body: type[BaseModel]
    parse: Callable[[dict[str, Any]], Body]
    check: Callable[[Session, PushItem, Body, Author], Tenant]
    apply: Callable[[Session, PushItem, Tenant, Body, Author], None]
    needs_young_person: bool = False
    keeps_action_time: bool = False
    council: Callable[[Session, Body, Author], Tenant] = _authors_council


def young_persons_kind(
    name: str,
    description: str,
    body: type[Model],
    apply: Callable[[Session, PushItem, Tenant, Model, Author], None],
    *,
    keeps_action_time: bool = False,
) -> ItemKind[Model]:
    """A kind the signed-in young person sends about themselves: read as `body` and stored
    in their own council, with nothing more to check before `apply`."""
    return ItemKind[Model](
        name=name,
        description=description,
        body=body,
        parse=body_of(body),
        check=lambda session, _item, _body, author: authors_council(session, author),
        apply=apply,
        needs_young_person=True,
        keeps_action_time=keeps_action_time,
    )


@dataclass(frozen=True)
class PullSection(Generic[Part]):
    """A domain's part of what a phone pulls: `shape` holds its fields of the pull's answer
    (names, types, descriptions); `read` answers them for a young person: what of theirs
    changed in the window (numbers after their cursor, up to their counter now), or how
    things are now.

    `unchanged` is what a section of changes answers when nothing of theirs changed after
    the cursor (an empty window: their counter still equals it): its read is then skipped.
    None: the section says how things are now, not what changed (who you are, your inbox
    count), and is read at every pull."""

    shape: type[Part]
    read: Callable[[Session, Tenant, Principal, ChangeWindow], Part]
    unchanged: Part | None = None


def _type_name(kind: str) -> str:
    return "Push" + "".join(word.capitalize() for word in kind.split("_"))


def _typed_item(kind: ItemKind[Any]) -> type[BaseModel]:
    """The item as the OpenAPI document shows it for one kind: `kind` fixed, `body` typed."""
    fixed: Any = Literal.__getitem__(kind.name)  # Literal[kind.name], which mypy cannot read
    return create_model(
        _type_name(kind.name),
        __base__=PushItem,
        __doc__=kind.description,
        kind=(fixed, Field(description="What the item is.")),
        body=(kind.body, ...),
    )


def _documented_request(kinds: Iterable[ItemKind[Any]]) -> type[BaseModel]:
    """The batch as documented: each item one of the kinds (a union on `kind`), or else any
    item, which the server answers `rejected` naming the field instead of refusing the
    batch (so the document promises no 422 that the server would not send)."""
    one_of: Any = reduce(or_, map(_typed_item, kinds))
    item = Annotated[one_of, Field(discriminator="kind")] | PushItem
    items = (list[item], Field(min_length=1, max_length=MAX_BATCH))
    return create_model("PushRequest", __base__=PushRequest, items=items)


def _pull_out(sections: Sequence[PullSection[Any]]) -> type[BaseModel]:
    fields: dict[str, Any] = {
        name: (info.annotation, info)
        for section in sections
        for name, info in section.shape.model_fields.items()
    }
    count = sum(len(section.shape.model_fields) for section in sections)
    assert len(fields) == count, "two pull sections share a field name"
    return create_model(
        "PullOut", cursor=(int, Field(description="Send as `since` next time.")), **fields
    )


class SyncKinds:
    """The item kinds phones may push and the sections they pull, as the app registered
    them, with the request and pull shapes built from them."""

    def __init__(self, kinds: Sequence[ItemKind[Any]], sections: Sequence[PullSection[Any]]):
        self.kinds = {kind.name: kind for kind in kinds}
        assert len(self.kinds) == len(kinds), "two item kinds share a name"
        self.sections = tuple(sections)
        self.push_request = _documented_request(kinds)
        self.pull_out = _pull_out(sections)

    def needs_young_person(self, items: Iterable[PushItem]) -> bool:
        return any(kind.needs_young_person for i in items if (kind := self.kinds.get(i.kind)))
