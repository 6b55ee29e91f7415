"""Passkey API: a young person adds passkeys while signed in, and signs in with one."""

from fastapi import APIRouter, Request, Response

from harbour.access.session import CallerDep
from harbour.accounts import service as accounts
from harbour.auth import service as auth
from harbour.auth.cookies import start_session_response
from harbour.auth.schemas import EndedSessions, Me
from harbour.config import Settings
from harbour.db import SessionDep
from harbour.kernel.errors import SIGN_IN_RESPONSES, SIGNED_IN_RESPONSES, NotFound
from harbour.passkeys import service
from harbour.passkeys.access import OwnPasskey, YoungPersonCaller
from harbour.passkeys.schemas import (
    PasskeyAdd,
    PasskeyList,
    PasskeyOptions,
    PasskeyOut,
    PasskeySignIn,
    PasskeySignInStart,
)
from harbour.tenancy import find_council
from harbour.web import own_origin

router = APIRouter(prefix="/api/v1", tags=["sign-in"])


def relying_party(request: Request) -> service.RelyingParty:
    settings: Settings = request.app.state.settings
    origin = settings.public_origin.rstrip("/") or own_origin(request)
    host = origin.split("://", 1)[-1].split(":", 1)[0].split("/", 1)[0]
    return service.RelyingParty(rp_id=host, origin=origin)


# The routes in a group answer the same errors, said once on the group's router.
_signed_in = APIRouter(responses=SIGNED_IN_RESPONSES)
_signing_in = APIRouter(responses=SIGN_IN_RESPONSES)


@_signed_in.get("/passkeys", summary="Your passkeys")
def list_passkeys(caller: YoungPersonCaller, session: SessionDep) -> PasskeyList:
    """The passkeys you have added, with when each was last used."""
    return service.list_passkeys(session, caller.principal)


@_signed_in.post("/auth/passkey/registration-options", summary="Start adding a passkey")
def registration_options(
    caller: YoungPersonCaller, request: Request, session: SessionDep
) -> PasskeyOptions:
    """Options for `navigator.credentials.create()`. A passkey needs the phone's own screen
    lock or fingerprint; add one only on your own phone, not a shared one."""
    person = accounts.find_young_person(session, caller.council, caller.principal.id)
    assert person is not None  # the caller dependency has just loaded them
    return service.registration_options(session, relying_party(request), person)


@_signed_in.post("/passkeys", status_code=201, summary="Add a passkey")
def add_passkey(
    data: PasskeyAdd, caller: YoungPersonCaller, request: Request, session: SessionDep
) -> PasskeyOut:
    """Send the result of `navigator.credentials.create()` with the challenge id."""
    return service.add_passkey(session, relying_party(request), caller.principal, data)


@_signed_in.delete("/passkeys/{passkey_id}", summary="Remove one of your passkeys")
def remove_passkey(passkey: OwnPasskey, caller: CallerDep, session: SessionDep) -> EndedSessions:
    """Anyone else's passkey answers 404. Sessions already signed in are not ended."""
    service.remove_passkey(session, caller.principal, passkey)
    return EndedSessions(ended=0)


@_signing_in.post("/auth/passkey/sign-in-options", summary="Start signing in with a passkey")
def sign_in_options(
    data: PasskeySignInStart, request: Request, session: SessionDep
) -> PasskeyOptions:
    """Options for `navigator.credentials.get()`; the phone offers its passkeys for us."""
    council = find_council(session, data.council)
    if council is None:
        raise NotFound("That council")
    return service.sign_in_options(session, relying_party(request), council)


@_signing_in.post("/auth/passkey/sign-in", summary="Sign in with a passkey")
def sign_in(data: PasskeySignIn, request: Request, response: Response, session: SessionDep) -> Me:
    """Send the result of `navigator.credentials.get()` with the challenge id."""
    tenant, person = service.check_sign_in(
        session, relying_party(request), data.challenge_id, data.credential
    )
    signed = auth.sign_in_with_passkey(
        session, request.app.state.settings, tenant, person, data.device_label
    )
    return start_session_response(request, response, session, signed)


for group in (_signed_in, _signing_in):
    router.include_router(group)
