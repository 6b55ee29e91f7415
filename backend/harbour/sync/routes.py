"""Sync API: phones push their outbox here in batches, and pull what changed for them. The
routes are made for the kinds and pull sections the app registered (harbour.sync.kinds)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ValidatorFunctionWrapHandler, WrapValidator

from harbour.access.session import PullingYoungPerson, push_author
from harbour.config import Settings
from harbour.db import SessionDep
from harbour.kernel.errors import SIGNED_IN_RESPONSES
from harbour.sync import service
from harbour.sync.kinds import ItemKind, SyncKinds
from harbour.sync.schemas import PushRequest, PushResponse, SealingKey


def _as_sent(batch: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    return handler(batch)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _names(kinds: list[ItemKind[Any]]) -> str:
    return ", ".join(f"`{kind.name}`" for kind in kinds)


def _push_description(kinds: SyncKinds) -> str:
    """Written from the registered kinds, so it names each one that needs a session or
    checks `created_at`."""
    registered = list(kinds.kinds.values())
    personal = [kind for kind in registered if kind.needs_young_person]
    timed = [kind for kind in registered if kind.keeps_action_time]
    return f"""Store each item exactly once, keyed by the id the phone made within its council
(an id another council uses is a fresh one here).

Always 200 for a well-formed batch, with one result per item. Sending the same batch again
(for example after a lost response) answers `duplicate` for what is stored. Each kind's
body is described by its item schema; an unknown kind or a body the server refuses is that
item's `rejected` result naming each field (`kind`, or its path from `body.`).

A batch holding a personal kind ({_names(personal)}) needs the young person's session
cookie and X-CSRF-Token: without a session the whole batch is 401 and nothing is stored, so
the phone keeps every item. For {_names(timed)}, `created_at` is when the person made the
change on the phone, and the history shows it (`acted_at`) beside the arrival time: one
more than {service.CLOCK_SKEW.seconds // 60} minutes ahead of the server's clock, or more
than {service.OLDEST_ACTION.days} days old, is `rejected` naming `created_at`."""


PULL_DESCRIPTION = """Everything of yours that changed since `since`, one field for each
part (described below). Keep `cursor` for next time. A cursor the server never gave out is
a 422 naming `since`.

Every answer also says who you are (`me`), how many inbox entries you have not seen
(`inbox_unseen`) and your council's `content_version`, so a phone opens a screen with this one
request: it shows what it keeps, and this brings what changed. When nothing in your council
changed since `since`, the parts about changes are empty and cost the server nothing to read."""


def sync_router(kinds: SyncKinds) -> APIRouter:
    router = APIRouter(prefix="/api/v1/sync", tags=["sync"], responses=SIGNED_IN_RESPONSES)
    # The document shows each kind's body (kinds.push_request); the batch itself is read as
    # plain items, and each item's kind and body one by one (service.store_item), so one bad
    # item is that item's `rejected` result and never a 422 for the whole batch.
    documented = WrapValidator(_as_sent, json_schema_input_type=kinds.push_request)

    @router.post(
        "/push", summary="Send items from a phone's outbox", description=_push_description(kinds)
    )
    def push(
        batch: Annotated[PushRequest, documented],
        request: Request,
        response: Response,
        session: SessionDep,
    ) -> PushResponse:
        personal = kinds.needs_young_person(batch.items)
        author = push_author(request, response, session) if personal else None
        # Read only when needed: most pushes have nothing sealed (decision 020).
        sealed = any(item.sealed_body is not None for item in batch.items)
        key = service.sealing_key(_settings(request)) if sealed else None
        return PushResponse(results=service.store_batch(session, kinds, batch.items, author, key))

    @router.get("/sealing-key", summary="The public key phones seal outbox bodies to")
    def sealing_key(request: Request) -> SealingKey:
        """Public and the same for everyone: a phone with the app lock on keeps it, and seals
        each outbox item's body to it (`sealed_body` in a push) so the item can be sent while
        the phone is locked without being readable on it (decision 020)."""
        return SealingKey(public_key=service.sealing_public_key(_settings(request)))

    @router.get(
        "/pull",
        summary="What changed for you since your cursor",
        description=PULL_DESCRIPTION,
        response_model=kinds.pull_out,
    )
    def pull(
        caller: PullingYoungPerson,
        session: SessionDep,
        since: Annotated[
            int,
            Query(ge=0, le=2**62, description="`cursor` from your last pull; 0 for everything."),
        ] = 0,
    ) -> BaseModel:
        return service.pull(session, kinds, caller.principal, since)

    return router
