"""Pledge API: a council's promises, and how many young people say each is happening."""

from fastapi import APIRouter, Request, Response

from harbour.db import SessionDep
from harbour.kernel.errors import ERROR_RESPONSES
from harbour.pledge import service
from harbour.pledge.schemas import PledgeOut, PledgeSummaryOut
from harbour.tenancy import CouncilDep
from harbour.web import NOT_MODIFIED, json_with_etag

router = APIRouter(prefix="/api/v1/councils/{slug}", tags=["pledge"], responses=ERROR_RESPONSES)


@router.get("/pledge", response_model=PledgeOut, responses=NOT_MODIFIED, summary="The pledge")
def get_pledge(request: Request, session: SessionDep, council: CouncilDep) -> Response:
    """The council's promises, grouped by theme. Supports `If-None-Match`.

    Answers to "Is this happening for you?" are sent through `POST /api/v1/sync/push`
    as `pledge_answer` items.
    """
    return json_with_etag(request, service.read_pledge(session, council))


@router.get("/pledge/summary", summary="Answers to the pledge, counted")
def get_pledge_summary(session: SessionDep, council: CouncilDep) -> PledgeSummaryOut:
    """For each promise, how many phones last answered yes, partly or no.

    Only counts: comments and respondent ids never leave the server through this route.
    """
    return service.summarise_answers(session, council)
