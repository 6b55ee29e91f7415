"""Property-based checks of every operation against its OpenAPI description (schemathesis):
no 5xx, no status the description does not list, and every response body as described.

Every operation in the document is run four times: signed out, and signed in as a young
person, as their PA and as a council admin. For about half of the signed-in examples the
ids in the path are swapped for records that exist (the young person, their plan's task,
statement, passport, reminder and passkey; the council's offer and pledge), so the routes
get past their 404s to the real work; the other half keep the made-up ids the schema allows,
which must answer 404. A new route is picked up from the document without changes here."""

import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.core.parameters import ParameterLocation
from sqlalchemy import Engine
from sqlmodel import Session

from harbour.access.session import UNSAFE_METHODS
from harbour.accounts.models import StaffMember, YoungPerson
from harbour.accounts.schemas import PersonKind
from harbour.app import create_app
from harbour.auth import service as auth
from harbour.config import Settings
from harbour.tenants.models import Tenant
from tests.people import World, records_in_paths

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

# Examples per operation and caller (on top of schemathesis's own boundary cases), chosen so
# the four runs over ~100 operations stay within a few minutes per database.
EXAMPLES = 12
# Signed in, ids the schema allows but that name nothing here (a team, a PA) are 422s naming
# the field, which a JSON schema cannot foresee; every other check still applies.
NOT_CHECKED_SIGNED_IN = [positive_data_acceptance]
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@dataclass
class FuzzWorld:
    """Northdale's people (tests/people.py), with records for the ids in paths to name."""

    engine: Engine
    people: World
    known_ids: dict[str, str]  # path parameter name -> a record that exists

    def sign_in(self, person: StaffMember | YoungPerson) -> tuple[dict[str, str], str]:
        """Headers for a new session of `person` (earlier examples may have signed them out
        everywhere), and that session's id. yp1 is made active and put back on pa1's
        caseload first: an earlier example may have changed either, and every example
        should start from people who can reach each other."""
        kind = PersonKind.staff if isinstance(person, StaffMember) else PersonKind.young_person
        with Session(self.engine) as session:
            young_person = session.get(YoungPerson, self.people.yp1.id)
            assert young_person is not None
            young_person.active, young_person.allocated_pa_id = True, self.people.pa1.id
            token, row = auth.start_session(
                session, APP.state.settings, person.tenant_id, kind, person.id, "schemathesis"
            )
            session.commit()
            headers = {"Cookie": f"harbour_session={token}", "X-CSRF-Token": row.csrf_token}
            return headers, str(row.id)

    def call_as(self, person: StaffMember | YoungPerson, case: schemathesis.Case) -> None:
        headers, session_id = self.sign_in(person)
        if uses_known_ids(case):
            ids = self.known_ids | {"session_id": session_id}
            case.path_parameters = {
                name: ids.get(name, value) for name, value in case.path_parameters.items()
            }
        response = case.call_and_validate(headers=headers, excluded_checks=NOT_CHECKED_SIGNED_IN)
        if case.method.upper() in UNSAFE_METHODS and response.status_code < 300:
            # A phone that lost the answer sends the same change again: that answer (often
            # "stored before") must be described too.
            case.call_and_validate(headers=headers, excluded_checks=NOT_CHECKED_SIGNED_IN)


def uses_known_ids(case: schemathesis.Case) -> bool:
    """About half the examples with well-formed path parameters, chosen from the drawn
    values themselves so a failing example replays exactly."""
    if not case.path_parameters or (
        case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH)
    ):
        return False
    return zlib.crc32(repr(sorted(case.path_parameters.items())).encode()) % 2 == 0


@pytest.fixture(autouse=True)
def _test_database(engine: Engine, northdale: Tenant) -> None:
    APP.state.engine = engine  # with Northdale's offer and pledge, for the public routes


@pytest.fixture
def fuzz_world(engine: Engine, world: World) -> FuzzWorld:
    return FuzzWorld(engine, world, records_in_paths(engine, world))


@schema.parametrize()
@FUZZ
def test_signed_out_api_matches_its_openapi_description(case: schemathesis.Case) -> None:
    case.call_and_validate()


# Signed in as each of them: a young person, their PA and the council's admin.
SIGNED_IN_AS = {"young_person": "yp1", "pa": "pa1", "admin": "north_admin"}


@pytest.mark.parametrize("caller", SIGNED_IN_AS.values(), ids=SIGNED_IN_AS.keys())
@schema.parametrize()
@FUZZ
def test_signed_in_api_matches_its_openapi_description(
    case: schemathesis.Case, fuzz_world: FuzzWorld, caller: str
) -> None:
    fuzz_world.call_as(getattr(fuzz_world.people, caller), case)
