"""The OpenAPI document is part of the contract: a change to it must be deliberate.

Regenerate after an intended change:
    mestring export_openapi_schema --api mestring.api.api.api \\
        --output mestring/api/tests/openapi.json --indent 2 --sorted
"""

import json
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("openapi.json")


def test_openapi_document_matches_the_snapshot(client):
    served = client.get("/api/v1/openapi.json").json()
    assert served == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_every_operation_is_documented(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("operationId"), (method, path)
            assert operation.get("summary"), (method, path)
            assert "200" in operation["responses"], (method, path)
