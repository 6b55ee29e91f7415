"""Content to edit: the council's offer items, pledge themes and promises, found only by an
editor or admin of their own council; to anyone else an id does not exist."""

import uuid
from typing import Annotated, Any

from fastapi import Depends, Path
from sqlmodel import Session

from harbour.access.caseload import EDITORS
from harbour.access.refused import refused
from harbour.access.session import Caller, CallerDep
from harbour.db import SessionDep
from harbour.offer.models import OfferItem
from harbour.pledge.models import PledgePromise, PledgeTheme
from harbour.tenancy import scoped_to

OfferItemId = Annotated[uuid.UUID, Path(description="The offer item's id (not its pack id).")]
ThemeId = Annotated[uuid.UUID, Path(description="The pledge theme's id (not its pack id).")]
PromiseId = Annotated[uuid.UUID, Path(description="The promise's id (not its pack id).")]


def _editable(
    session: Session, caller: Caller, model: type[Any], kind: str, record_id: uuid.UUID
) -> Any:
    """Content to edit: only an editor or admin of its own council finds it."""
    row = session.exec(scoped_to(model, caller.council.id).where(model.id == record_id)).first()
    if row is None or caller.principal.role not in EDITORS:
        raise refused(session, caller, kind, record_id)
    return row


def offer_item_from_path(item_id: OfferItemId, caller: CallerDep, session: SessionDep) -> OfferItem:
    row: OfferItem = _editable(session, caller, OfferItem, "offer_item", item_id)
    return row


def theme_from_path(theme_id: ThemeId, caller: CallerDep, session: SessionDep) -> PledgeTheme:
    row: PledgeTheme = _editable(session, caller, PledgeTheme, "pledge_theme", theme_id)
    return row


def promise_from_path(
    promise_id: PromiseId, caller: CallerDep, session: SessionDep
) -> PledgePromise:
    row: PledgePromise = _editable(session, caller, PledgePromise, "pledge_promise", promise_id)
    return row


EditableOfferItem = Annotated[OfferItem, Depends(offer_item_from_path)]
EditableTheme = Annotated[PledgeTheme, Depends(theme_from_path)]
EditablePromise = Annotated[PledgePromise, Depends(promise_from_path)]
