"""The sign-in cookies of a newly started session (harbour.web sets them; this decides when)."""

from fastapi import Request, Response
from sqlmodel import Session

from harbour.access.session import find_session, session_token
from harbour.auth import service as auth
from harbour.auth.schemas import Me
from harbour.db import as_utc
from harbour.kernel.time import utc_now
from harbour.web import set_session_cookies


def start_session_response(
    request: Request, response: Response, session: Session, signed: auth.SignedIn
) -> Me:
    """Set the cookies for a newly signed-in session, ending any session this browser had
    before (a new token at every sign-in: no session fixation)."""
    old = session_token(request)
    old_row = find_session(session, old) if old else None
    if old_row is not None and old_row.id != signed.session.id:
        auth.end_session(session, old_row, None)
    response.headers["cache-control"] = "no-store"
    max_age = int((as_utc(signed.session.expires_at) - utc_now()).total_seconds())
    set_session_cookies(response, request, signed.token, signed.session.csrf_token, max_age)
    return auth.me_out(session, signed)
