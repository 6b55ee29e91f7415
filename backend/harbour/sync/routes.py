"""Sync API: phones push their outbox here in batches, and pull what changed for them."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from harbour.access.session import PullingYoungPerson, push_author
from harbour.db import SessionDep
from harbour.errors import SIGNED_IN_RESPONSES
from harbour.sync import service
from harbour.sync.schemas import PullOut, PushRequest, PushResponse

router = APIRouter(prefix="/api/v1/sync", tags=["sync"], responses=SIGNED_IN_RESPONSES)


@router.post("/push", summary="Send items from a phone's outbox")
def push(
    batch: PushRequest, request: Request, response: Response, session: SessionDep
) -> PushResponse:
    """Store each item exactly once, keyed by the id the phone made within its council (an
    id another council uses is a fresh one here).

    Always 200 for a well-formed batch, with one result per item. Sending the same batch
    again (for example after a lost response) answers `duplicate` for what is stored.
    Kinds:

    * `pledge_answer`, anonymous (body: council, promise, answer yes|partly|no, optional
      comment up to 1,000 characters, respondent: a random id kept on the phone);
    * `statement`, from the signed-in young person ("My views"). A batch holding one needs
      the young person's session cookie and X-CSRF-Token: without a session the whole batch
      is 401 and nothing is stored, so the phone keeps every item. Body (unknown fields are
      refused; every answer may be left out; free text up to 10,000 characters):
      `{type: meeting|feeling|problem|good_news|ask, recipient: "pa" or a key from the
      council's views.recipients, urgent: bool, answers: {...}, about: null |
      {kind: offer_item|promise, id, title}}`. Answers by type: meeting: meeting_kind
      (lac_review|pathway_plan_review|other), meeting_other, meeting_date (YYYY-MM-DD, 30
      days before to 366 days after `created_at`), going_well, not_going_well,
      want_to_happen, who_there, chair_or_speak (chair|speak|someone_else|not_sure);
      feeling: feeling (1 really bad to 5 really good), topics (home, family_friends,
      education_work, health, money, my_worker, something_else; each once), text;
      problem: text, want; good_news: text; ask: question. A refused statement is a
      `rejected` result naming each field (e.g. `body.answers.meeting_date`);
    * `passport_edit`, from the signed-in young person (their health passport). The item's
      id is the edit's id. Body: `{base_version: the passport version the phone showed (0
      before the first edit), set: {field: value, ...}}` with one or more of: nhs_number
      (10 digits, spaces allowed, NHS check digit), gp_/dentist_/optician_ name and
      address (200 characters), gp_/dentist_/optician_ phone (30 characters: digits,
      spaces, + ( ) -), allergies, conditions, medicines, immunisations, contacts (2,000
      characters), the dates (YYYY-MM-DD) health_assessment_last/_next,
      dental_check_last/_next, eye_test_last/_next, immunisations_due, passport_review, and
      shared_with_pa (true/false: share it with your PA). null or "" empties a field. Each
      field takes the value sent; one that someone else changed since `base_version` is
      replaced too, and the value it replaced stays in the history. A refused edit names
      the field, e.g. `body.set.nhs_number`;
    * `task_create`, a task the young person sets themselves in their pathway plan (item id
      = the task's id; owner is the young person). Body: `{title (1-120), description
      (up to 2,000), domain, due_on: YYYY-MM-DD | null}`;
    * `task_edit`, a change to a task of theirs (item id = the edit's id). Body:
      `{task_id, base_version, set: {field: value}}`. They may set `status` on any of
      their tasks, and `title`, `description`, `domain`, `due_on` on tasks they made; any
      other field is `rejected` naming it (`body.set.owner`). Each field set takes the new
      value; the history keeps what it replaced (see `GET /api/v1/sync/pull` `history`);
    * `task_note`, a note on a task of theirs (item id = the note's id). Body: `{task_id,
      text (1-2,000)}`.

    For `task_edit` and `task_note`, a task that is not in their plan is `rejected` naming
    `body.task_id`, the same as a made-up id. For `passport_edit`, `task_edit` and
    `task_note`, `created_at` is when the person made the change on the phone, and the
    history shows it (`acted_at`) beside the arrival time: one more than 5 minutes ahead of
    the server's clock, or more than 366 days old, is `rejected` naming `created_at`.
    """
    author = (
        push_author(request, response, session) if service.needs_young_person(batch.items) else None
    )
    return PushResponse(results=service.store_batch(session, batch.items, author))


@router.get("/pull", summary="What changed for you since your cursor")
def pull(
    caller: PullingYoungPerson,
    session: SessionDep,
    since: Annotated[
        int, Query(ge=0, le=2**62, description="`cursor` from your last pull; 0 for everything.")
    ] = 0,
) -> PullOut:
    """Your statements whose state changed (received, read by whom, replied, done), the
    replies sent to you, your pathway plan's review date (`plan`, when it changed), your
    tasks that changed (with their notes), your health passport (`passport`, when it
    changed), and the history of edits and notes to your plan,
    tasks and health passport, since `since`. Keep `cursor` for next time. A cursor the server
    never gave out is a 422 naming `since`."""
    return service.pull(session, caller.principal, since)
