"""The OpenAPI document is part of the API contract: changes to it show up in review.

Run with UPDATE_SNAPSHOTS=1 to rewrite tests/openapi_snapshot.json after an intended change.
"""

import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

SNAPSHOT = Path(__file__).with_name("openapi_snapshot.json")


def render(document):
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@pytest.mark.django_db
def test_openapi_document_matches_snapshot(client):
    # The vocabulary parameters list the shipped reference vocabularies (pages/api.py).
    call_command("load_reference", stdout=StringIO())
    response = client.get("/api/v1/openapi.json", secure=True)
    assert response.status_code == 200
    live = render(response.json())
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(live, encoding="utf-8")
    assert SNAPSHOT.exists(), "no snapshot yet: run the tests once with UPDATE_SNAPSHOTS=1"
    stored = SNAPSHOT.read_text(encoding="utf-8")
    assert live == stored, (
        "The OpenAPI document changed. If that is intended (and backwards compatible for v1), "
        "run `UPDATE_SNAPSHOTS=1 pytest tests/test_openapi_snapshot.py` and commit the snapshot."
    )
