"""Download my data, and who has seen my information: for the signed-in young person, and
the same document for staff answering a subject access request."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from sqlmodel import Session

from harbour.access.session import Caller, CallerDep, young_people_only
from harbour.access.young_people import VisibleYoungPerson
from harbour.accounts.models import YoungPerson
from harbour.db import SessionDep
from harbour.kernel.errors import SIGNED_IN_RESPONSES, Forbidden
from harbour.kernel.time import utc_now
from harbour.my_data import service
from harbour.my_data.schemas import MyDataDocument, SeenPage

router = APIRouter(prefix="/api/v1", tags=["my data"], responses=SIGNED_IN_RESPONSES)

MyDataCaller = Annotated[
    Caller, young_people_only("This is a young person's own. Staff: use a young person's my-data.")
]


def _me(session: Session, caller: Caller) -> YoungPerson:
    person = session.get(YoungPerson, caller.principal.id)
    assert person is not None  # the session check found them a moment ago
    return person


@router.get("/my-data", summary="Download my data: everything Harbour holds about me")
def download_my_data(caller: MyDataCaller, session: SessionDep) -> MyDataDocument:
    """For the signed-in young person: their record and its history, their statements with
    the replies and what they wrote back (and who read what, when), their pathway plan with
    its tasks, notes and every change, their health passport and its history, their inbox
    and reminder settings, where they are signed in, their passkeys, the phones that get
    their reminders, their calendar addresses, who on the staff has opened their records,
    and the audit trail about them. `left_out` says what Harbour holds but leaves out, and
    why. No secrets: no PIN hash, session token, passkey key, push key or calendar address.
    Never cached (Cache-Control: no-store). Audited as `my_data_downloaded`."""
    return service.document(
        session, caller.council, _me(session, caller), caller.principal, utc_now()
    )


@router.get("/my-data/seen", summary="Who has seen my information")
def who_has_seen(
    caller: MyDataCaller,
    session: SessionDep,
    before: Annotated[
        uuid.UUID | None, Query(description="`next_before` from the previous page.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="How many, at most.")] = 30,
) -> SeenPage:
    """The staff who opened the signed-in young person's statements, pathway plan, health
    passport or record, newest first, from the audit trail: when, what, and who (first name
    and role, or role only where the council's `privacy.show_staff_names_to_young_people`
    is false). Only staff reads of their own records: never what they did themselves,
    anyone else's records, or the system's work."""
    return service.who_has_seen(session, caller.council, _me(session, caller), before, limit)


@router.get(
    "/young-people/{young_person_id}/my-data",
    summary="Subject access request: everything Harbour holds about a young person",
)
def subject_access(
    young_person: VisibleYoungPerson, caller: CallerDep, session: SessionDep
) -> MyDataDocument:
    """The young person's own "Download my data" document, for staff who see them (404 for
    anyone else, as for an id that does not exist). Like every staff view it keeps to
    decisions 005 and 007: statements sent to teams the caller is not in, and a health
    passport the young person does not share, are left out and `left_out` says so; internal
    staff notes are left out for review (trust.md DP-14). Audited as
    `subject_access_exported`, which the young person sees in "Who has seen"."""
    if not caller.principal.is_staff:
        raise Forbidden("Download your own data from My data.")
    return service.document(session, caller.council, young_person, caller.principal, utc_now())
