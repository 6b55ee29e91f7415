"""Sync API: phones push their outbox here in batches."""

from fastapi import APIRouter

from harbour.db import SessionDep
from harbour.errors import ERROR_RESPONSES
from harbour.sync import service
from harbour.sync.schemas import PushRequest, PushResponse

router = APIRouter(prefix="/api/v1/sync", tags=["sync"], responses=ERROR_RESPONSES)


@router.post("/push", summary="Send items from a phone's outbox")
def push(batch: PushRequest, session: SessionDep) -> PushResponse:
    """Store each item exactly once, keyed by the id the phone made.

    Always 200 for a well-formed batch, with one result per item. Sending the same batch
    again (for example after a lost response) answers `duplicate` for what is stored.
    Kinds: `pledge_answer` (body: council, promise, answer yes|partly|no, optional comment
    up to 1,000 characters, respondent: a random id kept on the phone).
    """
    return PushResponse(results=service.store_batch(session, batch.items))
