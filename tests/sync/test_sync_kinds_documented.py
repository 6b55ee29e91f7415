"""The OpenAPI document describes every registered sync item kind's body, and each pull
section's fields."""

from typing import Any

import pytest
from sqlalchemy import Engine

from harbour.app import SYNC_KINDS, create_app
from harbour.config import Settings
from harbour.sync.kinds import SyncKinds
from tests.sync.test_example_kind import WITH_EXAMPLE


def component(document: dict[str, Any], ref: str) -> dict[str, Any]:
    schema: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return schema


def json_schema(document: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    return component(document, content["content"]["application/json"]["schema"]["$ref"])


def push_items(document: dict[str, Any]) -> dict[str, Any]:
    """The union of typed items in the push request (the first branch of `items`)."""
    request = json_schema(document, document["paths"]["/api/v1/sync/push"]["post"]["requestBody"])
    typed, any_item = request["properties"]["items"]["items"]["anyOf"]
    assert component(document, any_item["$ref"])["title"] == "PushItem"
    return typed


@pytest.mark.parametrize("kinds", [SYNC_KINDS, WITH_EXAMPLE], ids=["app", "with-example"])
def test_every_registered_kind_has_its_body_described(
    kinds: SyncKinds, settings: Settings, engine: Engine
) -> None:
    document = create_app(settings, engine, kinds).openapi()
    typed = push_items(document)

    assert typed["discriminator"]["propertyName"] == "kind"
    mapping = typed["discriminator"]["mapping"]
    assert sorted(mapping) == sorted(kinds.kinds)
    for name, kind in kinds.kinds.items():
        item = component(document, mapping[name])
        assert item["properties"]["kind"]["const"] == name
        body = component(document, item["properties"]["body"]["$ref"])
        assert body["title"] == kind.body.__name__
        assert body["properties"], name
        assert item["description"] == kind.description


@pytest.mark.parametrize("kinds", [SYNC_KINDS, WITH_EXAMPLE], ids=["app", "with-example"])
def test_every_pull_section_is_in_the_pull(
    kinds: SyncKinds, settings: Settings, engine: Engine
) -> None:
    document = create_app(settings, engine, kinds).openapi()
    pulled = json_schema(
        document, document["paths"]["/api/v1/sync/pull"]["get"]["responses"]["200"]
    )

    fields = [name for section in kinds.sections for name in section.shape.model_fields]
    assert list(pulled["properties"]) == ["cursor", *fields]
