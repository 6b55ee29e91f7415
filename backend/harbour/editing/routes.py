"""Editor API: content editors and council admins change their council's offer and pledge.

Changes are saved as drafts that young people do not see; `preview` shows a draft exactly
as a young person will see it; `publish` makes it live and changes the content version, so
phones fetch it (the ETag of `GET /offer` and `/pledge` changes). Every change sends the
`revision` it was based on: a stale one answers 409 rather than overwriting someone else's
work. Every change is in the audit trail. Item ids of another council answer 404.
"""

from fastapi import APIRouter

from harbour.access.session import CallerDep, Editor
from harbour.db import SessionDep
from harbour.editing import service as editing
from harbour.editing.access import EditableOfferItem, EditablePromise, EditableTheme
from harbour.editing.schemas import DraftIn, Edited, RevisionIn
from harbour.errors import SIGNED_IN_RESPONSES
from harbour.offer import service as offer
from harbour.offer.schemas import OfferEditorOut, OfferItemFields, OfferItemOut, OfferItemPack
from harbour.pledge import service as pledge
from harbour.pledge.schemas import PledgeEditorOut, PledgeOut, PromiseFields, ThemeFields

router = APIRouter(prefix="/api/v1/editor", tags=["editing"], responses=SIGNED_IN_RESPONSES)

OfferItemEdited = Edited[OfferItemFields]
ThemeEdited = Edited[ThemeFields]
PromiseEdited = Edited[PromiseFields]

# --- the local offer ----------------------------------------------------------------------


@router.get("/offer", summary="The offer, for editing (editors and admins)")
def list_offer(caller: Editor, session: SessionDep) -> OfferEditorOut:
    """Every item, live, draft, new or retired, in the council's order."""
    return offer.editor_offer(session, caller.council)


@router.post("/offer", status_code=201, summary="Add an offer item, as a draft")
def add_offer_item(data: OfferItemPack, caller: Editor, session: SessionDep) -> OfferItemEdited:
    """The same fields and rules as an item in a content pack. Young people do not see the
    new item until it is published."""
    row = offer.add_item(session, caller.principal, caller.council, data)
    return offer.OFFER_ITEM.out(row)


@router.get("/offer/{item_id}", summary="One offer item, for editing")
def get_offer_item(item: EditableOfferItem) -> OfferItemEdited:
    return offer.OFFER_ITEM.out(item)


@router.get("/offer/{item_id}/preview", summary="An offer item as young people will see it")
def preview_offer_item(item: EditableOfferItem) -> OfferItemOut:
    """The draft (or the live words, with no draft), shaped exactly as in `GET /offer`."""
    return offer.preview_item(item)


@router.put("/offer/{item_id}/draft", summary="Save a draft of an offer item")
def save_offer_draft(
    data: DraftIn[OfferItemFields], item: EditableOfferItem, caller: CallerDep, session: SessionDep
) -> OfferItemEdited:
    """Checked by the content pack's rules: a 422 names each field that is wrong, and
    nothing is saved. 409 if someone changed the item since `revision`."""
    row = editing.save_draft(
        session, caller.principal, offer.OFFER_ITEM, item, data.revision, data.draft
    )
    return offer.OFFER_ITEM.out(row)


@router.post("/offer/{item_id}/discard", summary="Throw away an offer item's draft")
def discard_offer_draft(
    data: RevisionIn, item: EditableOfferItem, caller: CallerDep, session: SessionDep
) -> OfferItemEdited:
    row = editing.discard_draft(session, caller.principal, offer.OFFER_ITEM, item, data.revision)
    return offer.OFFER_ITEM.out(row)


@router.post("/offer/{item_id}/publish", summary="Publish an offer item")
def publish_offer_item(
    data: RevisionIn, item: EditableOfferItem, caller: CallerDep, session: SessionDep
) -> OfferItemEdited:
    """Makes the draft live (or brings back a retired item) and changes the content version,
    in one transaction."""
    row = editing.publish(
        session, caller.principal, caller.council, offer.OFFER_ITEM, item, data.revision
    )
    return offer.OFFER_ITEM.out(row)


@router.post("/offer/{item_id}/retire", summary="Take an offer item out of the app")
def retire_offer_item(
    data: RevisionIn, item: EditableOfferItem, caller: CallerDep, session: SessionDep
) -> OfferItemEdited:
    """Young people stop seeing it at once; it stays here, to publish again later."""
    row = editing.retire(
        session, caller.principal, caller.council, offer.OFFER_ITEM, item, data.revision
    )
    return offer.OFFER_ITEM.out(row)


# --- the pledge ---------------------------------------------------------------------------


@router.get("/pledge", summary="The pledge, for editing (editors and admins)")
def get_pledge_for_editing(caller: Editor, session: SessionDep) -> PledgeEditorOut:
    return pledge.editor_pledge(session, caller.council)


@router.get("/pledge/preview", summary="The pledge as young people will see it")
def preview_pledge(caller: Editor, session: SessionDep) -> PledgeOut:
    """Every theme and promise with its draft, if any, shaped exactly as in `GET /pledge`."""
    return pledge.read_pledge(session, caller.council, drafts=True)


@router.put("/pledge/themes/{theme_id}/draft", summary="Save a draft of a theme's title")
def save_theme_draft(
    data: DraftIn[ThemeFields], theme: EditableTheme, caller: CallerDep, session: SessionDep
) -> ThemeEdited:
    row = editing.save_draft(
        session, caller.principal, pledge.THEME, theme, data.revision, data.draft
    )
    return pledge.THEME.out(row)


@router.post("/pledge/themes/{theme_id}/discard", summary="Throw away a theme's draft")
def discard_theme_draft(
    data: RevisionIn, theme: EditableTheme, caller: CallerDep, session: SessionDep
) -> ThemeEdited:
    row = editing.discard_draft(session, caller.principal, pledge.THEME, theme, data.revision)
    return pledge.THEME.out(row)


@router.post("/pledge/themes/{theme_id}/publish", summary="Publish a theme's title")
def publish_theme(
    data: RevisionIn, theme: EditableTheme, caller: CallerDep, session: SessionDep
) -> ThemeEdited:
    row = editing.publish(
        session, caller.principal, caller.council, pledge.THEME, theme, data.revision
    )
    return pledge.THEME.out(row)


@router.put("/pledge/promises/{promise_id}/draft", summary="Save a draft of a promise")
def save_promise_draft(
    data: DraftIn[PromiseFields], promise: EditablePromise, caller: CallerDep, session: SessionDep
) -> PromiseEdited:
    row = editing.save_draft(
        session, caller.principal, pledge.PROMISE, promise, data.revision, data.draft
    )
    return pledge.PROMISE.out(row)


@router.post("/pledge/promises/{promise_id}/discard", summary="Throw away a promise's draft")
def discard_promise_draft(
    data: RevisionIn, promise: EditablePromise, caller: CallerDep, session: SessionDep
) -> PromiseEdited:
    row = editing.discard_draft(session, caller.principal, pledge.PROMISE, promise, data.revision)
    return pledge.PROMISE.out(row)


@router.post("/pledge/promises/{promise_id}/publish", summary="Publish a promise")
def publish_promise(
    data: RevisionIn, promise: EditablePromise, caller: CallerDep, session: SessionDep
) -> PromiseEdited:
    """Answers already given to the promise still count: it keeps its id."""
    row = editing.publish(
        session, caller.principal, caller.council, pledge.PROMISE, promise, data.revision
    )
    return pledge.PROMISE.out(row)
