"""Council API: which councils use Harbour, and each one's contact numbers."""

from fastapi import APIRouter

from harbour.db import SessionDep
from harbour.kernel.errors import ERROR_RESPONSES
from harbour.tenancy import CouncilDep
from harbour.tenants import service
from harbour.tenants.schemas import CouncilList, CouncilOut

router = APIRouter(prefix="/api/v1/councils", tags=["councils"], responses=ERROR_RESPONSES)


@router.get("", summary="Councils using Harbour")
def list_councils(session: SessionDep) -> CouncilList:
    return service.list_councils(session)


@router.get("/{slug}", summary="A council's settings and contact numbers")
def get_council(council: CouncilDep, session: SessionDep) -> CouncilOut:
    """Name, time zone and contact numbers, including the out-of-hours duty team, and
    whether its staff sign in with the council's own identity provider."""
    return service.council_out(session, council)
