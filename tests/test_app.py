"""The application shell: errors, security headers, caching and the PWA's files."""

import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from harbour.app import create_app
from harbour.config import Settings
from harbour.tenants.models import Tenant


@pytest.fixture
def built_frontend(tmp_path: Path) -> Path:
    """A stand-in for `frontend/dist`: the file names matter here, not their content."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Harbour</title>" + " " * 600)
    (dist / "assets" / "index-3f2a9c.js").write_text("console.log('app');" * 100)
    (dist / "sw.js").write_text("self.addEventListener('fetch', () => {});")
    (dist / "manifest.webmanifest").write_text('{"name": "Harbour"}')
    return dist


@pytest.fixture
def pwa_client(settings: Settings, engine: Engine, built_frontend: Path) -> TestClient:
    app = create_app(settings.model_copy(update={"static_dir": built_frontend}), engine)
    return TestClient(app)


def test_security_headers_on_every_response(client: TestClient) -> None:
    for response in (client.get("/healthz/live"), client.get("/api/v1/nothing-here")):
        headers = response.headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp
        assert "http" not in csp  # no third-party origin anywhere
        assert headers["referrer-policy"] == "no-referrer"
        for feature in ("geolocation=()", "camera=()", "microphone=()"):
            assert feature in headers["permissions-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert "strict-transport-security" not in headers
        assert headers["x-request-id"]


def test_hsts_only_over_https(app: object) -> None:
    response = TestClient(app, base_url="https://harbour.example").get("/healthz/live")  # type: ignore[arg-type]

    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_errors_share_one_shape(client: TestClient) -> None:
    not_found = client.get("/api/v1/nothing-here")
    wrong_method = client.delete("/api/v1/councils")

    assert not_found.status_code == 404
    assert set(not_found.json()) == {"error", "request_id"}
    assert not_found.json()["error"]["code"] == "not_found"
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["code"] == "method_not_allowed"


def test_hashed_assets_are_immutable_and_the_shell_is_revalidated(pwa_client: TestClient) -> None:
    asset = pwa_client.get("/assets/index-3f2a9c.js")
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert asset.headers["content-encoding"] == "gzip"
    for path in ("/", "/sw.js", "/manifest.webmanifest"):
        assert pwa_client.get(path).headers["cache-control"] == "no-cache", path


def test_app_paths_get_the_shell_and_api_paths_stay_json(pwa_client: TestClient) -> None:
    deep_link = pwa_client.get("/c/northdale/offer/leisure-pass")
    missing_file = pwa_client.get("/assets/gone-123.js")
    missing_api = pwa_client.get("/api/v1/not-a-route")

    assert deep_link.status_code == 200
    assert "<title>Harbour</title>" in deep_link.text
    assert missing_file.status_code == 404
    assert missing_api.status_code == 404
    assert missing_api.json()["error"]["code"] == "not_found"


def test_openapi_is_served_and_no_page_loads_from_a_cdn(client: TestClient) -> None:
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 404
    assert client.get("/api/docs").status_code == 404


def test_logs_carry_request_ids_and_no_personal_data(
    client: TestClient, northdale: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "my foster carer shouts at me"
    client.post(
        "/api/v1/sync/push",
        json={
            "items": [
                {
                    "id": "8d7e4a52-58a4-4d8b-9d0e-2f54f1c1b001",
                    "kind": "pledge_answer",
                    "created_at": "2026-11-20T10:00:00Z",
                    "body": {
                        "council": "northdale",
                        "promise": "stable-home",
                        "answer": "no",
                        "comment": secret,
                        "respondent": "8d7e4a52-58a4-4d8b-9d0e-2f54f1c1b0ff",
                    },
                }
            ]
        },
    )
    client.get("/api/v1/councils/northdale/offer", params={"area": "relationships"})
    client.post("/api/v1/auth/young-person/sign-in", json={})  # declared in a nested router
    logging.getLogger("harbour").info("flush")

    lines = [
        json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")
    ]
    text = json.dumps(lines)
    assert secret not in text
    assert "8d7e4a52" not in text
    assert "relationships" not in text  # query strings are not logged
    requests = [line for line in lines if line["event"] == "request"]
    assert {line["route"] for line in requests} >= {
        "/api/v1/sync/push",
        "/api/v1/councils/{slug}/offer",
        "/api/v1/auth/young-person/sign-in",  # its full pattern, not the nested router's part
    }
    assert all(line["request_id"] for line in requests)
    # Each line counts the SQL statements its request ran (the offer read runs a few).
    offer = next(line for line in requests if line["route"] == "/api/v1/councils/{slug}/offer")
    assert 1 <= offer["sql_statements"] < 20
    assert any(line["event"] == "sync_push" and line["accepted"] == 1 for line in lines)
