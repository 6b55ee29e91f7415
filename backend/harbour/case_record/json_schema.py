"""The case-record exports' JSON Schema, made from their models, for councils whose import
checks a document before taking it. docs/case-record-export.schema.json holds it; after a
change to the documents, write it again:

    .venv/bin/python -m harbour.case_record.json_schema > docs/case-record-export.schema.json
"""

import json
from typing import Any

from pydantic.json_schema import models_json_schema

from harbour.case_record.schemas import DOCUMENTS


def json_schema() -> dict[str, Any]:
    """One schema: a document is one of the three, told apart by its `schema`."""
    refs, defs = models_json_schema(
        [(model, "serialization") for model in DOCUMENTS], ref_template="#/$defs/{model}"
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Harbour: an export to the case record",
        "description": "One statement, a young person's statements over a date range, or the "
        "pathway plan with its history (docs/case-record-export.md).",
        "oneOf": [refs[(model, "serialization")] for model in DOCUMENTS],
        **defs,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(json_schema_text(), end="")
