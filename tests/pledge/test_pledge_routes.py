import uuid
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from harbour.tenants.models import Tenant


def answer_item(
    promise: str, answer: str, respondent: uuid.UUID, minutes_ago: int = 0, comment: str = ""
) -> dict[str, object]:
    created = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    return {
        "id": str(uuid.uuid4()),
        "kind": "pledge_answer",
        "created_at": created.isoformat(),
        "body": {
            "council": "northdale",
            "promise": promise,
            "answer": answer,
            "comment": comment,
            "respondent": str(respondent),
        },
    }


def test_pledge_groups_promises_by_theme(client: TestClient, northdale: Tenant) -> None:
    response = client.get("/api/v1/councils/northdale/pledge")

    assert response.status_code == 200
    pledge = response.json()
    assert pledge["introduction"] == "Our promises to you."
    assert [theme["id"] for theme in pledge["themes"]] == ["having-your-say", "home"]
    assert [p["id"] for p in pledge["themes"][0]["promises"]] == ["listen", "reviews"]
    # Only the pack's safety promises offer help after a "No".
    assert [p["safety"] for theme in pledge["themes"] for p in theme["promises"]] == [
        False,
        False,
        True,
    ]
    etag = response.headers["etag"]
    assert (
        client.get("/api/v1/councils/northdale/pledge", headers={"If-None-Match": etag}).status_code
        == 304
    )


def test_summary_counts_each_phones_latest_answer_once(
    client: TestClient, northdale: Tenant
) -> None:
    changed_mind, steady = uuid.uuid4(), uuid.uuid4()
    items = [
        answer_item("listen", "no", changed_mind, minutes_ago=30),
        answer_item("listen", "yes", changed_mind, minutes_ago=5),
        answer_item("listen", "partly", steady, minutes_ago=10),
        answer_item("stable-home", "no", steady),
    ]
    client.post("/api/v1/sync/push", json={"items": items})

    summary = client.get("/api/v1/councils/northdale/pledge/summary").json()

    assert summary["promises"] == [
        {"id": "listen", "yes": 1, "partly": 1, "no": 0},
        {"id": "reviews", "yes": 0, "partly": 0, "no": 0},
        {"id": "stable-home", "yes": 0, "partly": 0, "no": 1},
    ]


def test_summary_never_shows_comments_or_respondents(client: TestClient, northdale: Tenant) -> None:
    respondent = uuid.uuid4()
    client.post(
        "/api/v1/sync/push",
        json={"items": [answer_item("listen", "no", respondent, comment="nobody calls back")]},
    )

    body = client.get("/api/v1/councils/northdale/pledge/summary").text

    assert "nobody calls back" not in body
    assert str(respondent) not in body
