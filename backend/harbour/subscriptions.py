"""Which domains act on other domains' events: every entry point calls `subscribe_all()`
before anything can publish (the web app in create_app, the CLI for its commands, demo
loading and the worker included, and the tests' conftest). Calling it again changes
nothing. Only this module knows every subscriber, so publishers import no subscriber."""

from harbour.auth import events as auth
from harbour.passkeys import events as passkeys
from harbour.reminders import events as reminders


def subscribe_all() -> None:
    # Order matters only within one event: auth ends sessions before passkeys go, as before.
    for domain in (reminders, auth, passkeys):
        domain.subscribe()
