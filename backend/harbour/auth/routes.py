"""Sign-in API: joining with an invite code, signing in and out, and your own sessions.

The session lives in an HttpOnly cookie; every change made with it needs the X-CSRF-Token
header (see docs/decisions/002-sessions-and-csrf.md).
"""

import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import httpx2 as httpx
import structlog
from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App
from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from joserfc.errors import JoseError
from starlette.concurrency import run_in_threadpool

from harbour.access.session import CallerDep
from harbour.accounts.schemas import (
    InviteCheck,
    InviteUsable,
    StaffJoin,
    StaffJoined,
    YoungPersonJoin,
)
from harbour.auth import service
from harbour.auth.access import OwnSession
from harbour.auth.cookies import start_session_response
from harbour.auth.schemas import EndedSessions, Me, SessionList, StaffSignIn, YoungPersonSignIn
from harbour.config import Settings
from harbour.credentials import TotpSecrets
from harbour.db import SessionDep
from harbour.kernel.errors import ERROR_RESPONSES, SIGN_IN_RESPONSES, SIGNED_IN_RESPONSES, NotFound
from harbour.tenancy import CouncilDep
from harbour.tenants import service as tenants
from harbour.tenants.models import CouncilSignIn, Tenant
from harbour.web import clear_session_cookies, client_address

router = APIRouter(prefix="/api/v1/auth", tags=["sign-in"])
# The routes in a group answer the same errors, said once on the group's router.
_signing_in = APIRouter(responses=SIGN_IN_RESPONSES)
_signed_in = APIRouter(responses=SIGNED_IN_RESPONSES)
log = structlog.get_logger("harbour.auth")


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _key(request: Request) -> bytes:
    return bytes(request.app.state.secret_key)


def _totp(request: Request) -> TotpSecrets:
    totp: TotpSecrets = request.app.state.totp_secrets
    return totp


@_signing_in.post(
    "/invite/check", summary="Check a young person's invite code before choosing a PIN"
)
def check_invite(data: InviteCheck, request: Request, session: SessionDep) -> InviteUsable:
    """Says whether the code works now (401 `bad_code` if not) without using it up, so a
    young person hears about a mistyped code before they choose a username and PIN. It
    answers with the username they chose before, if any: a new code keeps it. Counted
    exactly like joining: each address has a budget of tries per hour, and so does
    everyone together (429 with Retry-After when it is spent)."""
    return service.check_invite(
        session, _settings(request), _key(request), client_address(request), data.code
    )


@_signing_in.post("/join", summary="Join with an invite code (young people)")
def join(data: YoungPersonJoin, request: Request, response: Response, session: SessionDep) -> Me:
    """The young person types the code their PA gave them, chooses a username (the first
    time) and a PIN of 6 to 12 numbers or a passphrase, and is signed in on this phone.
    Codes work once and for 7 days. Tries are counted like `/invite/check`: each address
    has a budget per hour, and so does everyone together (429 with Retry-After). Someone
    with a username already (after an access reset) keeps it: a different one is a 422."""
    signed = service.join_young_person(
        session, _settings(request), _key(request), client_address(request), data
    )
    return start_session_response(request, response, session, signed)


@_signing_in.post("/young-person/sign-in", summary="Sign in with a username and PIN or passphrase")
def sign_in_young_person(
    data: YoungPersonSignIn, request: Request, response: Response, session: SessionDep
) -> Me:
    """Wrong tries are slowed down (429 with Retry-After), then the account locks (423)
    until their PA resets their access."""
    signed = service.sign_in_young_person(session, _settings(request), data)
    return start_session_response(request, response, session, signed)


@_signing_in.post("/staff/sign-in", summary="Staff sign-in with a passphrase and TOTP code")
def sign_in_staff(
    data: StaffSignIn, request: Request, response: Response, session: SessionDep
) -> Me:
    """For local staff accounts. Both the passphrase and a code from the authenticator app
    (or an unused recovery code) are needed. Staff of councils with their own identity
    provider use `GET /api/v1/auth/oidc/{slug}/start` instead."""
    signed = service.sign_in_staff(session, _settings(request), _key(request), _totp(request), data)
    return start_session_response(request, response, session, signed)


@_signing_in.post("/staff/join", summary="Set up a local staff account with an invite code")
def join_staff(
    data: StaffJoin, request: Request, response: Response, session: SessionDep
) -> StaffJoined:
    """Sets the passphrase and answers with the TOTP secret and recovery codes, once.
    Then sign in with the passphrase and a code from the authenticator app."""
    response.headers["cache-control"] = "no-store"
    return service.join_staff(
        session, _settings(request), _key(request), _totp(request), client_address(request), data
    )


@_signed_in.get("/me", summary="Who is signed in")
def me(caller: CallerDep, session: SessionDep) -> Me:
    """The signed-in person, their council, role (staff) and the CSRF token to send
    as X-CSRF-Token on every change."""
    principal = caller.principal
    person = service.caller_row(session, principal)
    signed = service.SignedIn("", caller.sign_in, caller.council, principal.kind, person)
    return service.me_out(session, signed)


@_signed_in.post("/sign-out", summary="Sign out on this device")
def sign_out(
    caller: CallerDep, request: Request, response: Response, session: SessionDep
) -> EndedSessions:
    """Ends this session on the server and clears its cookies. Items waiting in the
    app's outbox stay on the phone; they are sent after the next sign-in."""
    service.end_session(session, caller.sign_in, caller.principal)
    clear_session_cookies(response, request)
    return EndedSessions(ended=1)


@_signed_in.get("/sessions", summary="Where you are signed in")
def list_sessions(caller: CallerDep, session: SessionDep) -> SessionList:
    """Each device with its label, when it signed in, when it was last used and when the
    session ends however active it is."""
    return service.list_sessions(session, caller.principal)


@_signed_in.delete("/sessions/{session_id}", summary="End one of your sessions")
def end_session(
    ended: OwnSession,
    caller: CallerDep,
    request: Request,
    response: Response,
    session: SessionDep,
) -> EndedSessions:
    """One of your own sessions, for example on a phone you no longer have. Anyone
    else's session answers 404."""
    if ended.id == caller.sign_in.id:
        clear_session_cookies(response, request)
    service.end_session(session, ended, caller.principal)
    return EndedSessions(ended=1)


@_signed_in.post("/sign-out-everywhere", summary="Sign out on every device, this one too")
def sign_out_everywhere(
    caller: CallerDep, request: Request, response: Response, session: SessionDep
) -> EndedSessions:
    """For a lost or shared phone. Items waiting in this phone's outbox are kept on it."""
    principal = caller.principal
    ended = service.end_all_sessions(
        session, principal.tenant_id, principal.kind, principal.id, principal
    )
    session.commit()
    clear_session_cookies(response, request)
    return EndedSessions(ended=ended)


# --- staff sign-in with the council's identity provider (OpenID Connect) ------------------

STAFF_HOME = "/staff"


def _back_to_sign_in(council: Tenant, problem: str) -> RedirectResponse:
    """Harbour's own staff sign-in page, with the council chosen and a reason code: a person
    who clicked a button sees a page they can act on, never an error body. The address
    carries nothing about the person."""
    query = urlencode({"council": council.slug, "problem": problem})
    return RedirectResponse(f"/staff/sign-in?{query}", status_code=302)


def _oidc_client(request: Request, provider: CouncilSignIn) -> StarletteOAuth2App:
    """One authlib client per council, made again when the operator changes its settings."""
    clients: dict[uuid.UUID, tuple[datetime, StarletteOAuth2App]] = request.app.state.oidc
    cached = clients.get(provider.tenant_id)
    if cached is None or cached[0] != provider.updated_at:
        client = OAuth().register(
            name=str(provider.tenant_id),
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256"},
        )
        clients[provider.tenant_id] = cached = (provider.updated_at, client)
    return cached[1]


def _provider(session: SessionDep, council: Tenant) -> CouncilSignIn:
    provider = tenants.sign_in_settings(session, council)
    if provider is None:
        raise NotFound("A sign-in provider for that council")
    return provider


OIDC_RESPONSES: dict[int | str, dict[str, Any]] = ERROR_RESPONSES | {
    302: {"description": "Off to the council's identity provider, or back into Harbour."}
}
_with_provider = APIRouter(responses=OIDC_RESPONSES, default_response_class=RedirectResponse)


@_with_provider.get(
    "/oidc/{slug}/start",
    status_code=302,
    summary="Staff sign-in with the council's identity provider",
)
async def oidc_start(request: Request, council: CouncilDep, session: SessionDep) -> Response:
    """Sends the browser to the council's provider (authorisation code flow with PKCE and a
    nonce). The provider sends it back to `/api/v1/auth/oidc/{slug}/callback`. When the
    provider cannot be reached, the browser goes to the staff sign-in page with
    `problem=provider`."""
    provider = await run_in_threadpool(_provider, session, council)
    redirect_uri = str(request.url_for("oidc_callback", slug=council.slug))
    try:
        response: Response = await _oidc_client(request, provider).authorize_redirect(
            request, redirect_uri
        )
    except (OAuthError, KeyError, ValueError, httpx.HTTPError) as error:
        # A person clicked a button: show them our page, not a bare error body.
        log.warning("oidc_provider_unreachable", error_type=type(error).__name__)
        return _back_to_sign_in(council, "provider")
    return response


@_with_provider.get(
    "/oidc/{slug}/callback",
    status_code=302,
    summary="Where the council's identity provider sends staff back",
)
async def oidc_callback(request: Request, council: CouncilDep, session: SessionDep) -> Response:
    """Checks the state, swaps the code (with the PKCE verifier) for tokens, and checks the
    ID token's signature, issuer (the one the operator set), audience (our client id),
    nonce and expiry. Then signs the staff member in and sends them to the staff pages, or
    sends them to the sign-in page with `?council=` and `problem=` and a reason code."""
    provider = await run_in_threadpool(_provider, session, council)
    client = _oidc_client(request, provider)
    try:
        token = await client.authorize_access_token(
            request, claims_options={"iss": {"essential": True, "values": [provider.issuer]}}
        )
        claims = dict(token["userinfo"])  # only set once the ID token has been checked
    except (OAuthError, JoseError, KeyError, TypeError, ValueError, httpx.HTTPError) as error:
        claim = getattr(error, "claim", None)  # which check failed: iss, aud, nonce, exp...
        log.info("oidc_refused", error_type=type(error).__name__, claim=claim)
        await run_in_threadpool(service.oidc_refused, session, council, "token_not_valid")
        return _back_to_sign_in(council, "provider")
    signed = await run_in_threadpool(
        service.sign_in_with_identity, session, _settings(request), council, provider, claims
    )
    if signed is None:
        return _back_to_sign_in(council, "not_staff_here")
    response = RedirectResponse(STAFF_HOME, status_code=302)
    await run_in_threadpool(start_session_response, request, response, session, signed)
    return response


for group in (_signing_in, _signed_in, _with_provider):
    router.include_router(group)
