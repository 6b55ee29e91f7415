from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from harbour.tenancy import find_council
from harbour.tenants import service as tenants
from harbour.tenants.schemas import OidcSettings


def northdale_signs_in_with_its_provider(engine: Engine) -> None:
    with Session(engine) as session:
        northdale = find_council(session, "northdale")
        assert northdale is not None
        tenants.set_sign_in_settings(
            session,
            northdale,
            OidcSettings(
                issuer="https://login.northdale.example",
                client_id="harbour-northdale",
                client_secret="not-a-real-secret",
            ),
        )


def test_councils_are_listed_by_name(client: TestClient, two_councils: None) -> None:
    response = client.get("/api/v1/councils")

    assert response.json() == {
        "councils": [
            {"slug": "northdale", "name": "Northdale Council"},
            {"slug": "southmere", "name": "Southmere Council"},
        ]
    }


def test_council_settings_include_the_out_of_hours_number(
    client: TestClient, two_councils: None
) -> None:
    council = client.get("/api/v1/councils/southmere").json()

    assert council["time_zone"] == "Europe/London"
    assert council["content_version"] == "2026.1.0"
    assert {
        "label": "Out-of-hours duty team",
        "phone": "01632 960 599",
        "hours": "Evenings and weekends",
        "out_of_hours": True,
    } in council["contacts"]


def test_a_slug_that_cannot_exist_is_a_422_naming_it(client: TestClient) -> None:
    response = client.get("/api/v1/councils/Not%20A%20Slug")

    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "path.slug"


def test_a_council_says_whether_its_staff_sign_in_with_its_own_provider(
    client: TestClient, engine: Engine, two_councils: None
) -> None:
    northdale_signs_in_with_its_provider(engine)

    assert client.get("/api/v1/councils/northdale").json()["staff_oidc"] is True
    assert client.get("/api/v1/councils/southmere").json()["staff_oidc"] is False


def test_council_reads_give_304_until_the_council_changes(
    client: TestClient, engine: Engine, two_councils: None
) -> None:
    for path in ["/api/v1/councils", "/api/v1/councils/northdale"]:
        first = client.get(path)
        assert first.headers["cache-control"] == "no-cache"
        again = client.get(path, headers={"If-None-Match": first.headers["etag"]})
        assert (again.status_code, again.content) == (304, b"")

    etag = client.get("/api/v1/councils/northdale").headers["etag"]
    northdale_signs_in_with_its_provider(engine)
    changed = client.get("/api/v1/councils/northdale", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.json()["staff_oidc"] is True
