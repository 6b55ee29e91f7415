"""Health passport API for staff. The young person writes theirs from their phone (sync
kind `passport_edit`) and pulls it back with `GET /api/v1/sync/pull`. Consent is checked in
health.access only."""

from fastapi import APIRouter

from harbour.access.session import CallerDep
from harbour.db import SessionDep
from harbour.field_edits import HistoryOut, actor_for
from harbour.health import service
from harbour.health.access import PassportYoungPerson, SharedPassport
from harbour.health.schemas import (
    HealthAssessmentIn,
    PassportOut,
    Recorded,
    SharingOut,
)
from harbour.kernel.errors import SIGNED_IN_RESPONSES

router = APIRouter(
    prefix="/api/v1/young-people/{young_person_id}/passport",
    tags=["health passport"],
    responses=SIGNED_IN_RESPONSES,
)


@router.get("/sharing", summary="Whether the young person shares their health passport")
def get_sharing(
    young_person: PassportYoungPerson, caller: CallerDep, session: SessionDep
) -> SharingOut:
    """All a PA, manager or admin learns without the young person's consent. Audited."""
    return service.sharing(session, young_person, caller.principal)


@router.get("", summary="A young person's health passport, when they share it")
def get_passport(passport: SharedPassport, caller: CallerDep, session: SessionDep) -> PassportOut:
    """404, exactly as for a young person who does not exist, while it is not shared (or
    not started). Every read is audited."""
    return service.read_passport(session, passport, caller.principal)


@router.get("/history", summary="Who changed what in the passport, when it is shared")
def get_history(passport: SharedPassport, caller: CallerDep, session: SessionDep) -> HistoryOut:
    """Oldest first. 404 while it is not shared. Audited."""
    return service.read_history(session, passport, caller.principal)


@router.post("/health-assessments", summary="Record health-assessment dates")
def record_health_assessment(
    data: HealthAssessmentIn,
    young_person: PassportYoungPerson,
    caller: CallerDep,
    session: SessionDep,
) -> Recorded:
    """For the PA (or the nurse, through the PA) when they are the source of the dates.
    Allowed with or without consent: it shows nothing back. Starts the passport if there is
    none; the young person sees who recorded the dates. Sending the same `op_id` again
    changes nothing; the same `op_id` with other dates is a 409."""
    actor = actor_for(session, caller.principal, caller.sign_in.device_label)
    service.record_assessment(session, young_person, actor, data, caller.principal)
    return Recorded()
