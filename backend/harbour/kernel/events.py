"""Domain events: a domain says what happened, and the domains that act on it register a
handler, so imports run one way (a publisher imports only its own events module).

Synchronous and in-process: `publish` runs each handler of the event's type at once, in
the order they were registered, on the publisher's Session and so in its transaction. A
handler never commits and its errors propagate: the side effect lands with the change or,
on rollback, not at all (exactly once, as a direct call was).

An event with no handler is an error (`Unhandled`), not a no-op: an entry point that forgot
`harbour.subscriptions.subscribe_all()` must fail loudly rather than drop a reminder or
leave someone signed in after an access reset.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session


@dataclass(frozen=True)
class Event:
    """The base of every domain event: a frozen dataclass named for what happened."""


E = TypeVar("E", bound=Event)


class Unhandled(LookupError):
    """An event was published that no handler is registered for."""


class Bus:
    """Handlers by exact event type (no subclass matching: each event names one fact)."""

    def __init__(self) -> None:
        self._handlers: dict[type[Event], list[Callable[[Session, Any], None]]] = {}

    def subscribe(self, kind: type[E], handler: Callable[[Session, E], None]) -> None:
        """Registering the same handler again changes nothing, so entry points that share a
        process (the web app and its embedded worker, tests) may each register."""
        handlers = self._handlers.setdefault(kind, [])
        if handler not in handlers:
            handlers.append(handler)

    def publish(self, session: Session, event: Event) -> None:
        handlers = self._handlers.get(type(event))
        if not handlers:
            raise Unhandled(f"No handler is registered for {type(event).__name__}.")
        for handler in handlers:
            handler(session, event)


# The process's one bus: handlers are registered at start-up, before any request.
BUS = Bus()
subscribe = BUS.subscribe
publish = BUS.publish
