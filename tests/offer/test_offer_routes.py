from fastapi.testclient import TestClient

from harbour.tenants.models import Tenant


def test_offer_lists_items_in_pack_order_with_money_and_eligibility(
    client: TestClient, northdale: Tenant
) -> None:
    response = client.get("/api/v1/councils/northdale/offer")

    assert response.status_code == 200
    offer = response.json()
    assert offer["council"] == "northdale"
    assert offer["version"] == "2026.1.0"
    assert [item["id"] for item in offer["items"]] == [
        "setting-up-home",
        "leisure-pass",
        "have-your-say",
    ]
    grant = offer["items"][0]
    assert grant["amount"] == {"pence": 200000, "frequency": "one_off"}
    assert grant["eligibility"] == {
        "statuses": ["former_relevant", "relevant"],
        "min_age": 16,
        "max_age": 25,
        "conditions": ["living_independently"],
    }
    assert grant["details"].startswith("You can spend it")
    assert offer["items"][2]["amount"] is None
    assert offer["items"][2]["eligibility"]["statuses"] == []
    assert offer["synonyms"] == {"flat": ["home", "setting up home"], "gym": ["leisure"]}


def test_a_pack_without_search_words_sends_no_synonyms(
    client: TestClient, two_councils: None
) -> None:
    response = client.get("/api/v1/councils/southmere/offer")

    assert response.json()["synonyms"] == {}


def test_offer_filters_by_area(client: TestClient, northdale: Tenant) -> None:
    response = client.get("/api/v1/councils/northdale/offer", params={"area": "participation"})

    assert [item["id"] for item in response.json()["items"]] == ["have-your-say"]


def test_unknown_area_is_a_422_naming_the_parameter(client: TestClient, northdale: Tenant) -> None:
    response = client.get("/api/v1/councils/northdale/offer", params={"area": "money"})

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert [f["field"] for f in error["fields"]] == ["query.area"]


def test_etag_gives_304_until_the_content_changes(client: TestClient, northdale: Tenant) -> None:
    first = client.get("/api/v1/councils/northdale/offer")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"

    again = client.get("/api/v1/councils/northdale/offer", headers={"If-None-Match": etag})
    filtered = client.get(
        "/api/v1/councils/northdale/offer",
        params={"area": "participation"},
        headers={"If-None-Match": etag},
    )

    assert again.status_code == 304
    assert again.content == b""
    assert filtered.status_code == 200


def test_another_councils_offer_is_never_mixed_in(client: TestClient, two_councils: None) -> None:
    northdale = client.get("/api/v1/councils/northdale/offer").json()["items"]
    southmere = client.get("/api/v1/councils/southmere/offer").json()["items"]

    assert "southmere-leisure" not in {item["id"] for item in northdale}
    assert "leisure-pass" not in {item["id"] for item in southmere}
    assert {item["provider"] for item in southmere} == {"Southmere Council"}


def test_unknown_council_is_404(client: TestClient, northdale: Tenant) -> None:
    for path in ("offer", "pledge", "pledge/summary", ""):
        response = client.get(f"/api/v1/councils/eastwick/{path}".rstrip("/"))
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"
