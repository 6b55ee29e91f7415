"""Exports to the case record, for caseworkers: one statement, a young person's statements
over a date range, and the pathway plan with its history, as versioned JSON documents
(docs/case-record-export.md). Each export is audited; to anyone who may not see the record
it does not exist (404). Who sees which statement is decided in statements.access."""

from typing import Annotated

from fastapi import APIRouter, Query

from harbour.access.session import CallerDep
from harbour.case_record import service
from harbour.case_record.access import ExportableYoungPerson
from harbour.case_record.schemas import (
    DEFAULT_RANGE_DAYS,
    PlanExport,
    StatementExport,
    StatementsExport,
)
from harbour.db import SessionDep
from harbour.kernel.errors import SIGNED_IN_RESPONSES
from harbour.kernel.text import IsoDate
from harbour.kernel.time import utc_now
from harbour.statements.access import VisibleStatement, statement_visible_to
from harbour.tenancy import council_today

router = APIRouter(prefix="/api/v1", tags=["case record"], responses=SIGNED_IN_RESPONSES)


@router.get("/statements/{statement_id}/export", summary="One statement, for the case record")
def export_statement(
    statement: VisibleStatement, caller: CallerDep, session: SessionDep
) -> StatementExport:
    """The statement with the young person as their record has them (case reference,
    names, date of birth), its answers, urgency and times, the replies with when the young
    person saw each, what they wrote back, internal notes, and its history (status changes,
    assignments, acknowledgement, "copied to case record"), with names. Schema
    `harbour.case-record.statement`, version 1. Audited as `case_record_statement_exported`
    on the young person's record. Opening it does not mark the statement read."""
    return service.export_statement(session, caller.council, statement, caller.principal, utc_now())


@router.get(
    "/young-people/{young_person_id}/statements/export",
    summary="A young person's statements over a date range, for the case record",
)
def export_statements(
    young_person: ExportableYoungPerson,
    caller: CallerDep,
    session: SessionDep,
    first: Annotated[
        IsoDate | None,
        Query(
            alias="from",
            description=f"The first day (YYYY-MM-DD, the council's time zone), included. "
            f"Without it, {DEFAULT_RANGE_DAYS} days before `to`.",
        ),
    ] = None,
    last: Annotated[
        IsoDate | None,
        Query(
            alias="to",
            description="The last day, included. Without it, today in the council's time zone.",
        ),
    ] = None,
) -> StatementsExport:
    """The statements received on those days that you may see, oldest first, each as in the
    single statement's export. Schema `harbour.case-record.statements`, version 1. `to`
    before `from` is a 422 naming `query.to`; a range of more than 366 days is a 422 naming
    `query.from`; a date that is not YYYY-MM-DD is a 422 naming it. Audited once as
    `case_record_statements_exported`, with the range and how many."""
    days = service.DateRange.checked(first, last, council_today(caller.council))
    visible = statement_visible_to(caller.principal)
    return service.export_statements(
        session, caller.council, young_person, caller.principal, visible, days, utc_now()
    )


@router.get(
    "/young-people/{young_person_id}/plan/export",
    summary="The pathway plan with its history, for the case record",
)
def export_plan(
    young_person: ExportableYoungPerson, caller: CallerDep, session: SessionDep
) -> PlanExport:
    """The review date, every task with its notes and who added it, and every change to the
    plan and its tasks in the order they arrived (who, on which device, what each field was
    before). Schema `harbour.case-record.plan`, version 1. Someone with no plan yet gets an
    empty one. Audited as `case_record_plan_exported`."""
    return service.export_plan(session, caller.council, young_person, caller.principal, utc_now())
