"""Survey results in the JSON API: office only, suppressed like the pages."""

import json

import pytest

from tests import factories
from tests.test_surveys_results import survey  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db
URL = "/api/v1/surveys/bildung-test/results"


def get(client, url):
    return client.get(url, secure=True)


def question(body, code):
    return next(q for q in body["questions"] if q["code"] == code)


def test_anonymous_and_provider_staff_get_nothing(client, survey):  # noqa: F811
    response = get(client, URL)
    assert response.status_code == 401
    assert "Wie alt" not in response.content.decode()
    client.force_login(factories.user("anbieter", providers=[factories.provider()]))
    response = get(client, URL)
    assert response.status_code == 403 and response.json()["detail"]
    crosstab = get(client, "/api/v1/surveys/bildung-test/crosstab?question=alter&band=zweig")
    assert crosstab.status_code == 403


def test_results_are_suppressed(client, survey):  # noqa: F811
    client.force_login(factories.user("buero", office=True))
    response = get(client, URL)
    assert response.status_code == 200
    body = response.json()
    assert body["k"] == 5
    age = question(body, "alter")["tables"][0]
    cells = {c["code"]: c for c in age["cells"]}
    assert cells["1"] == {"code": "1", "label": "unter 18", "count": None, "percent": None,
                          "suppressed": True, "display": "< 5"}
    assert cells["2"]["count"] == 20 and cells["2"]["percent"] == pytest.approx(64.5)
    branch = question(body, "zweig")["tables"][0]
    assert all(c["count"] is None for c in branch["cells"])
    assert "28" not in json.dumps(branch)
    assert body["counts"]["status"]["cells"][1]["suppressed"]  # 2 unfinished (issue 13)


def test_filter_and_small_groups(client, survey):  # noqa: F811
    client.force_login(factories.user("buero", office=True))
    body = get(client, URL + "?filter=alter:1").json()
    assert body["questions"] == [] and "weniger als 5" in body["filter_message"]
    body = get(client, URL + "?filter=alter:3").json()
    assert body["filter"] == "alter:3" and body["questions"]
    assert get(client, URL + "?filter=%00:%00").status_code == 200


def test_crosstab(client, survey):  # noqa: F811
    client.force_login(factories.user("buero", office=True))
    response = get(client, "/api/v1/surveys/bildung-test/crosstab?question=interesse&band=alter")
    assert response.status_code == 200
    table = response.json()["tables"][0]
    assert table["columns"][0] == "unter 18"
    assert table["rows"][0]["cells"][0] == {"code": "", "label": "", "count": None,
                                            "percent": None, "suppressed": True,
                                            "display": "< 5"}
    bad = get(client, "/api/v1/surveys/bildung-test/crosstab?question=nix&band=alter")
    assert bad.status_code == 400
    assert get(client, "/api/v1/surveys/gibt-es-nicht/results").status_code == 404
