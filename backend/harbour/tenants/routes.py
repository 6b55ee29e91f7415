"""Council API: which councils use Harbour, and each one's contact numbers. Both change rarely
and are read at every app start, so both carry an ETag (304 when the phone has this version)."""

from fastapi import APIRouter, Request, Response

from harbour.db import SessionDep
from harbour.kernel.errors import ERROR_RESPONSES
from harbour.tenancy import CouncilDep
from harbour.tenants import service
from harbour.tenants.schemas import CouncilList, CouncilOut
from harbour.web import NOT_MODIFIED, json_with_etag

router = APIRouter(prefix="/api/v1/councils", tags=["councils"], responses=ERROR_RESPONSES)


@router.get(
    "", response_model=CouncilList, responses=NOT_MODIFIED, summary="Councils using Harbour"
)
def list_councils(request: Request, session: SessionDep) -> Response:
    """Send `If-None-Match` with the last `ETag` to get a 304 when nothing has changed."""
    return json_with_etag(request, service.list_councils(session))


@router.get(
    "/{slug}",
    response_model=CouncilOut,
    responses=NOT_MODIFIED,
    summary="A council's settings and contact numbers",
)
def get_council(request: Request, council: CouncilDep, session: SessionDep) -> Response:
    """Name, time zone and contact numbers, including the out-of-hours duty team, and
    whether its staff sign in with the council's own identity provider.

    Send `If-None-Match` with the last `ETag` to get a 304 when nothing has changed."""
    return json_with_etag(request, service.council_out(session, council))
