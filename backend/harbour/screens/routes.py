"""Staff screens API: each staff screen's data, with who is signed in, the inbox count and
urgent alerts, in one request. The domains' own routes give the same parts one by one."""

from typing import Annotated

from fastapi import APIRouter, Query

from harbour.access.session import AnyStaff
from harbour.db import SessionDep
from harbour.kernel.errors import SIGNED_IN_RESPONSES
from harbour.kernel.time import utc_now
from harbour.screens import service
from harbour.screens.schemas import CaseloadScreen, QueueScreen
from harbour.statements.access import StatementStaff, check_team_view
from harbour.statements.schemas import QueueQuery

router = APIRouter(prefix="/api/v1/screens", tags=["staff screens"], responses=SIGNED_IN_RESPONSES)


@router.get("/caseload", summary="Staff home in one request")
def caseload(caller: AnyStaff, session: SessionDep) -> CaseloadScreen:
    """Who is signed in, the inbox count, urgent alerts, the young people you support and
    their plans at a glance (a content editor supports no one, so gets empty lists). One
    audit row per view: the listing of young people."""
    return service.caseload(session, caller, utc_now())


@router.get("/queue", summary="The triage queue in one request")
def queue(
    caller: StatementStaff, session: SessionDep, query: Annotated[QueueQuery, Query()]
) -> QueueScreen:
    """Who is signed in, the inbox count, urgent alerts, a page of the triage queue (the
    same view, filters and order as `GET /api/v1/statements`) and the young people to filter
    by. One audit row per view: the look at the queue."""
    check_team_view(caller, query.view)
    return service.queue(session, caller, query, utc_now())
