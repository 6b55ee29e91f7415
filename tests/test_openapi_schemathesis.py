"""Property-based checks of every route against its OpenAPI description: no 5xx, and every
response matches the documented schema and status codes. Once signed out, and once signed
in as a council admin (who may call every route), so signed-in routes are exercised too."""

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from sqlalchemy import Engine
from sqlmodel import Session

from harbour.accounts.models import StaffMember
from harbour.accounts.schemas import PersonKind, StaffRole
from harbour.app import create_app
from harbour.auth import service as auth
from harbour.config import Settings
from harbour.tenants.models import Tenant
from tests.people import make_staff

# The schema is read once at import; each test then points the app at the test database.
APP = create_app(
    Settings(
        database_url="sqlite://",
        static_dir=Path("/nonexistent"),
        secret_key="schemathesis",
        data_dir=Path(tempfile.mkdtemp(prefix="harbour-schemathesis-")),  # the VAPID key
    )
)
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@pytest.fixture(autouse=True)
def _test_database(engine: Engine, northdale: Tenant) -> None:
    APP.state.engine = engine


@pytest.fixture
def admin(engine: Engine, northdale: Tenant) -> StaffMember:
    return make_staff(engine, northdale, StaffRole.council_admin, "Schema Admin")


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_matches_its_openapi_description(case: schemathesis.Case) -> None:
    case.call_and_validate()


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_signed_in_api_matches_its_openapi_description(
    case: schemathesis.Case, engine: Engine, admin: StaffMember
) -> None:
    # A fresh session each time: some examples sign out, or sign everyone out.
    with Session(engine) as session:
        token, row = auth.start_session(
            session, APP.state.settings, admin.tenant_id, PersonKind.staff, admin.id, "schema"
        )
        session.commit()
        csrf = row.csrf_token
    headers = {"Cookie": f"harbour_session={token}", "X-CSRF-Token": csrf}
    # Ids the schema allows but that name nothing here (a team, a PA) are 422s naming the
    # field, which a JSON schema cannot foresee; every other check still applies.
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
