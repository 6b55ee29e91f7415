"""Property-based checks of every route against its OpenAPI description: no 5xx, and every
response matches the documented schema and status codes."""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine

from harbour.app import create_app
from harbour.config import Settings
from harbour.tenants.models import Tenant

# The schema is read once at import; each test then points the app at the test database.
APP = create_app(Settings(database_url="sqlite://", static_dir=Path("/nonexistent")))
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@pytest.fixture(autouse=True)
def _test_database(engine: Engine, northdale: Tenant) -> None:
    APP.state.engine = engine


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_matches_its_openapi_description(case: schemathesis.Case) -> None:
    case.call_and_validate()
