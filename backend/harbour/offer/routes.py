"""Local-offer API: a council's items, cacheable with ETag / If-None-Match."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from harbour.db import SessionDep
from harbour.kernel.errors import ERROR_RESPONSES
from harbour.offer import service
from harbour.offer.schemas import Area, OfferOut
from harbour.tenancy import CouncilDep
from harbour.web import NOT_MODIFIED, json_with_etag

router = APIRouter(prefix="/api/v1/councils/{slug}", tags=["offer"], responses=ERROR_RESPONSES)


@router.get("/offer", response_model=OfferOut, responses=NOT_MODIFIED, summary="The local offer")
def get_offer(
    request: Request,
    session: SessionDep,
    council: CouncilDep,
    area: Annotated[Area | None, Query(description="Only items in this area.")] = None,
) -> Response:
    """Everything the council offers, in the council's order, with who can get each item.

    Send `If-None-Match` with the last `ETag` to get a 304 when nothing has changed.
    """
    return json_with_etag(request, service.read_offer(session, council, area))
