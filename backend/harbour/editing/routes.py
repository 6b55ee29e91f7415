"""Editor API: content editors and council admins change their council's offer and pledge.

Changes are saved as drafts that young people do not see; `preview` shows a draft exactly
as a young person will see it; `publish` makes it live and changes the content version, so
phones fetch it (the ETag of `GET /offer` and `/pledge` changes). Every change sends the
`revision` it was based on: a stale one answers 409 rather than overwriting someone else's
work. Every change is in the audit trail. Item ids of another council answer 404.
"""

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter

from harbour.access.session import CallerDep, Editor
from harbour.db import SessionDep
from harbour.editing import service as editing
from harbour.editing.access import EditableOfferItem, EditablePromise, EditableTheme
from harbour.editing.schemas import DraftIn, Edited, RevisionIn
from harbour.kernel.errors import SIGNED_IN_RESPONSES
from harbour.offer import service as offer
from harbour.offer.schemas import OfferEditorOut, OfferItemFields, OfferItemOut, OfferItemPack
from harbour.pledge import service as pledge
from harbour.pledge.schemas import PledgeEditorOut, PledgeOut

router = APIRouter(prefix="/api/v1/editor", tags=["editing"], responses=SIGNED_IN_RESPONSES)

OfferItemEdited = Edited[OfferItemFields]


@dataclass(frozen=True)
class _Named:
    """How the API document names one kind's draft routes (kept as they always were)."""

    noun: str  # in the operation names save_{noun}_draft and discard_{noun}_draft
    publish: str  # the publish route's operation name
    words: str  # what a draft is of: "Save a draft of {words}", "Publish {words}"
    owner: str  # whose draft is thrown away: "Throw away {owner} draft"
    save_doc: str | None = None
    publish_doc: str | None = None


def _draft_routes(path: str, kind: editing.Kind[Any, Any], loaded: Any, named: _Named) -> None:
    """Save a draft, discard it and publish it: the same three routes for every kind of
    content. `loaded` is the dependency that finds the row named in `path` (else 404)."""
    edited = Edited[kind.words]  # type: ignore[name-defined]

    @router.put(
        f"{path}/draft",
        response_model=edited,
        name=f"save_{named.noun}_draft",
        summary=f"Save a draft of {named.words}",
        description=named.save_doc,
    )
    def save_draft(
        data: DraftIn[kind.words],  # type: ignore[name-defined]
        row: loaded,
        caller: CallerDep,
        session: SessionDep,
    ) -> Any:
        edit = editing.Edit(caller.principal, kind, row, data.revision)
        return kind.out(editing.save_draft(session, edit, data.draft))

    @router.post(
        f"{path}/discard",
        response_model=edited,
        name=f"discard_{named.noun}_draft",
        summary=f"Throw away {named.owner} draft",
    )
    def discard_draft(data: RevisionIn, row: loaded, caller: CallerDep, session: SessionDep) -> Any:
        edit = editing.Edit(caller.principal, kind, row, data.revision)
        return kind.out(editing.discard_draft(session, edit))

    @router.post(
        f"{path}/publish",
        response_model=edited,
        name=named.publish,
        summary=f"Publish {named.words}",
        description=named.publish_doc,
    )
    def publish(data: RevisionIn, row: loaded, caller: CallerDep, session: SessionDep) -> Any:
        edit = editing.Edit(caller.principal, kind, row, data.revision)
        return kind.out(editing.publish(session, caller.council, edit))


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


_draft_routes(
    "/offer/{item_id}",
    offer.OFFER_ITEM,
    EditableOfferItem,
    _Named(
        noun="offer",
        publish="publish_offer_item",
        words="an offer item",
        owner="an offer item's",
        save_doc="Checked by the content pack's rules: a 422 names each field that is wrong, and\n"
        "nothing is saved. 409 if someone changed the item since `revision`.",
        publish_doc="Makes the draft live (or brings back a retired item) and changes the content "
        "version,\nin one transaction.",
    ),
)


@router.post("/offer/{item_id}/retire", summary="Take an offer item out of the app")
def retire_offer_item(
    data: RevisionIn, item: EditableOfferItem, caller: CallerDep, session: SessionDep
) -> OfferItemEdited:
    """Young people stop seeing it at once; it stays here, to publish again later."""
    edit = editing.Edit(caller.principal, offer.OFFER_ITEM, item, data.revision)
    return offer.OFFER_ITEM.out(editing.retire(session, caller.council, edit))


# --- the pledge ---------------------------------------------------------------------------


@router.get("/pledge", summary="The pledge, for editing (editors and admins)")
def get_pledge_for_editing(caller: Editor, session: SessionDep) -> PledgeEditorOut:
    return pledge.editor_pledge(session, caller.council)


@router.get("/pledge/preview", summary="The pledge as young people will see it")
def preview_pledge(caller: Editor, session: SessionDep) -> PledgeOut:
    """Every theme and promise with its draft, if any, shaped exactly as in `GET /pledge`."""
    return pledge.read_pledge(session, caller.council, drafts=True)


_draft_routes(
    "/pledge/themes/{theme_id}",
    pledge.THEME,
    EditableTheme,
    _Named("theme", "publish_theme", words="a theme's title", owner="a theme's"),
)
_draft_routes(
    "/pledge/promises/{promise_id}",
    pledge.PROMISE,
    EditablePromise,
    _Named(
        "promise",
        "publish_promise",
        words="a promise",
        owner="a promise's",
        publish_doc="Answers already given to the promise still count: it keeps its id.",
    ),
)
