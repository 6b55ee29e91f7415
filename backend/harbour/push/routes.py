"""Push API: the key the app subscribes with, and each device's subscription."""

from fastapi import APIRouter, Request, Response

from harbour.access.session import CallerDep
from harbour.config import Settings
from harbour.db import SessionDep
from harbour.kernel.errors import ERROR_RESPONSES, SIGNED_IN_RESPONSES
from harbour.push import service
from harbour.push.schemas import PublicKey, SubscriptionGone, SubscriptionIn, SubscriptionOut

router = APIRouter(prefix="/api/v1/push", tags=["push"])


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.get("/key", responses=ERROR_RESPONSES, summary="The key to subscribe to pushes with")
def public_key(request: Request) -> PublicKey:
    """Pass it as `applicationServerKey` to `PushManager.subscribe`. It stays the same:
    a new key would stop every subscription working."""
    return PublicKey(public_key=service.vapid_keys(_settings(request)).application_server_key)


@router.put("/subscription", responses=SIGNED_IN_RESPONSES, summary="Turn on pushes on this device")
def subscribe(
    data: SubscriptionIn, caller: CallerDep, request: Request, session: SessionDep
) -> SubscriptionOut:
    """The browser's subscription (`PushSubscription.toJSON()`), sent on every app start:
    stored once per endpoint, for the person signed in and this session. Signing out of
    this session, or everywhere, deletes it. An endpoint that is not a known push
    service's is a 422 naming `body.endpoint`. Pushes only ever say "You have a reminder",
    "You have a new message" or "You have an urgent message"."""
    subscription_id = service.subscribe(session, _settings(request), caller.principal, data)
    return SubscriptionOut(id=subscription_id)


@router.delete(
    "/subscription",
    status_code=204,
    responses=SIGNED_IN_RESPONSES,
    summary="Turn off pushes on this device",
)
def unsubscribe(data: SubscriptionGone, caller: CallerDep, session: SessionDep) -> Response:
    """Nothing to turn off is fine too."""
    service.unsubscribe(session, caller.principal, data.endpoint)
    return Response(status_code=204)
