"""A fake push service in-process, allow-listed, and subscriptions pointing at it."""

import pytest

from harbour.config import Settings
from harbour.push import service
from tests.fake_push import FakePushService


@pytest.fixture
def fake() -> FakePushService:
    return FakePushService()


@pytest.fixture
def settings(settings: Settings, fake: FakePushService) -> Settings:
    """The default allow-list, and the fake push service."""
    return settings.model_copy(update={"push_hosts": f"{settings.push_hosts}, {fake.allow_entry}"})


@pytest.fixture
def config(settings: Settings, fake: FakePushService) -> service.PushConfig:
    return service.push_config(settings, fake.transport())
