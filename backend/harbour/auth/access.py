"""A caller's own sign-in sessions: anyone else's session id does not exist."""

import uuid
from typing import Annotated

from fastapi import Depends, Path

from harbour.access.refused import refused
from harbour.access.session import CallerDep
from harbour.auth import service as auth
from harbour.auth.models import SignInSession
from harbour.db import SessionDep

SessionId = Annotated[uuid.UUID, Path(description="The id of one of your sessions.")]


def own_session_from_path(
    session_id: SessionId, caller: CallerDep, session: SessionDep
) -> SignInSession:
    row = auth.find_own_session(session, caller.principal, session_id)
    if row is None:
        raise refused(session, caller, "session", session_id)
    return row


OwnSession = Annotated[SignInSession, Depends(own_session_from_path)]
