"""Audit shapes: the actions recorded, and the admin's filtered view of them."""

import uuid
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from harbour.db import UtcDatetime


class AuditAction(StrEnum):
    sign_in = "sign_in"
    sign_in_failed = "sign_in_failed"
    sign_in_locked = "sign_in_locked"
    signed_out = "signed_out"
    session_ended = "session_ended"
    signed_out_everywhere = "signed_out_everywhere"
    invite_issued = "invite_issued"
    invite_redeemed = "invite_redeemed"
    access_reset = "access_reset"
    passkey_added = "passkey_added"
    passkey_removed = "passkey_removed"
    young_person_read = "young_person_read"
    young_person_listed = "young_person_listed"
    young_person_created = "young_person_created"
    young_person_changed = "young_person_changed"
    young_person_reallocated = "young_person_reallocated"
    young_person_exported = "young_person_exported"
    my_data_downloaded = "my_data_downloaded"  # a young person's own "Download my data"
    subject_access_exported = "subject_access_exported"  # staff: the same, for a SAR
    staff_created = "staff_created"
    staff_changed = "staff_changed"
    staff_profile_changed = "staff_profile_changed"  # their own work phone or photo
    team_created = "team_created"
    audit_viewed = "audit_viewed"
    content_added = "content_added"
    content_draft_saved = "content_draft_saved"
    content_draft_discarded = "content_draft_discarded"
    content_published = "content_published"
    content_retired = "content_retired"
    statement_listed = "statement_listed"
    statement_read = "statement_read"
    statement_status_changed = "statement_status_changed"
    statement_assigned = "statement_assigned"
    statement_acknowledged = "statement_acknowledged"
    statement_replied = "statement_replied"
    statement_noted = "statement_noted"
    statement_update_received = "statement_update_received"  # "I'm OK now" from the young person
    statement_copied_to_case_record = "statement_copied_to_case_record"
    # Exports to the case record (harbour.case_record): the record is the young person.
    case_record_statement_exported = "case_record_statement_exported"
    case_record_statements_exported = "case_record_statements_exported"
    case_record_plan_exported = "case_record_plan_exported"
    passport_shared = "passport_shared"
    passport_unshared = "passport_unshared"
    passport_read = "passport_read"
    passport_recorded = "passport_recorded"
    calendar_feed_created = "calendar_feed_created"
    calendar_feed_revoked = "calendar_feed_revoked"
    plan_caseload_listed = "plan_caseload_listed"
    plan_read = "plan_read"
    plan_changed = "plan_changed"
    plan_task_added = "plan_task_added"
    plan_task_changed = "plan_task_changed"
    plan_task_noted = "plan_task_noted"
    plan_history_read = "plan_history_read"
    not_found_or_not_allowed = "not_found_or_not_allowed"


class ActorKind(StrEnum):
    staff = "staff"
    young_person = "young_person"
    operator = "operator"  # the command line
    unknown = "unknown"  # a failed sign-in for no known account


class AuditEventOut(BaseModel):
    id: uuid.UUID
    at: UtcDatetime
    action: AuditAction
    actor_kind: ActorKind
    actor_id: uuid.UUID | None
    session_id: uuid.UUID | None
    subject_kind: str | None
    subject_id: uuid.UUID | None
    request_id: str | None
    detail: dict[str, Any]
    actor_name: str | None = Field(
        default=None,
        description="The actor's name: a staff member's display name, or a young person's "
        "preferred name if the viewer may see them. Empty when there is no one to name.",
    )
    subject_name: str | None = Field(
        default=None,
        description="The record's name, when it is a staff member or a young person the "
        "viewer may see in their own council; empty otherwise (the id is still given).",
    )


class AuditPage(BaseModel):
    events: list[AuditEventOut] = Field(description="Newest first.")
    next_before: uuid.UUID | None = Field(
        description="Pass as `before` for the next (older) page; empty on the last page."
    )
