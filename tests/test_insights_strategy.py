"""The office's goals and measures pages: office only, CSRF, German labels, the line over
time as SVG with the same figures as a table, comparing two snapshot dates."""

from datetime import date

import pytest
from django.test import Client

from bildungsportal.insights.models import FieldOfAction, Goal, IndicatorSnapshot, Measure
from tests import factories as f

pytestmark = pytest.mark.django_db
REFERER = "https://testserver/bildungsmonitoring/"


@pytest.fixture
def office(client):
    client.force_login(f.user("buero", office=True))
    return client


@pytest.fixture
def goal():
    bensheim = f.town()
    f.vocabularies()
    field = FieldOfAction.objects.create(title="Digitale Teilhabe")
    item = Goal.objects.create(field=field, title="Mehr Abendkurse", indicator="offerings",
                               town=bensheim, target_value=12)
    for day, value in ((date(2026, 1, 1), 5), (date(2026, 2, 1), 7), (date(2026, 3, 1), 9)):
        IndicatorSnapshot.objects.create(taken_on=day, indicator="offerings", town="bensheim",
                                         value=value)
        IndicatorSnapshot.objects.create(taken_on=day, indicator="offerings", town="kreis",
                                         value=value * 10)
    return item


URLS = ["/bildungsmonitoring/ziele/", "/bildungsmonitoring/ziele/neu/",
        "/bildungsmonitoring/massnahmen/", "/bildungsmonitoring/massnahmen/neu/",
        "/bildungsmonitoring/ziele/vergleich/", "/bildungsmonitoring/ziele/handlungsfelder/neu/"]


@pytest.mark.parametrize("url", URLS)
def test_office_only(client, goal, url):
    response = client.get(url, secure=True)
    assert response.status_code == 302 and "/konto/" in response["Location"]
    client.force_login(f.user("anbieter", providers=[f.provider()]))
    assert client.get(url, secure=True).status_code == 403
    client.force_login(f.user("buero", office=True))
    assert client.get(url, secure=True).status_code == 200
    assert client.get(f"/bildungsmonitoring/ziele/{goal.pk}/", secure=True).status_code == 200


def test_goal_page_shows_svg_line_and_same_figures_in_a_table(office, goal):
    html = office.get(f"/bildungsmonitoring/ziele/{goal.pk}/", secure=True).content.decode()
    assert "<svg" in html and 'role="img"' in html and "goal-target" in html
    assert html.count("<circle") == 3
    for value in (">5<", ">7<", ">9<"):
        assert value in html
    assert "Zielwert" in html and "Verlauf" in html
    listing = office.get("/bildungsmonitoring/ziele/", secure=True).content.decode()
    assert "Mehr Abendkurse" in listing and "Digitale Teilhabe" in listing
    assert '<td>9 <span class="small">(01.03.2026)</span></td>' in listing  # the latest


def test_create_goal_and_measure_with_csrf(goal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(f.user("buero2", office=True))
    data = {"field": goal.field.pk, "title": "Sprachkurse im Odenwald",
            "indicator": "access_e2sfca", "target_value": "2,5", "target_date": "2027-12-31"}
    assert client.post("/bildungsmonitoring/ziele/neu/", data, secure=True).status_code == 403
    page = client.get("/bildungsmonitoring/ziele/neu/", secure=True)
    token = page.cookies["csrftoken"].value
    response = client.post("/bildungsmonitoring/ziele/neu/", data, secure=True,
                           HTTP_X_CSRFTOKEN=token, HTTP_REFERER=REFERER)
    assert response.status_code == 302
    new = Goal.objects.get(title="Sprachkurse im Odenwald")
    assert new.target_value == 2.5 and new.town is None
    measure = {"title": "Kurs in Lindenfels", "actors": "VHS\nGemeinde Lindenfels",
               "status": "planned", "start_date": "2026-09-01", "end_date": "2026-06-01",
               "goal": new.pk}
    response = client.post("/bildungsmonitoring/massnahmen/neu/", measure, secure=True,
                           HTTP_X_CSRFTOKEN=token, HTTP_REFERER=REFERER)
    assert response.status_code == 200
    assert "Das Ende liegt vor dem Beginn." in response.content.decode()
    measure["end_date"] = "2027-06-01"
    response = client.post("/bildungsmonitoring/massnahmen/neu/", measure, secure=True,
                           HTTP_X_CSRFTOKEN=token, HTTP_REFERER=REFERER)
    assert response.status_code == 302
    saved = Measure.objects.get()
    assert saved.actor_list == ["VHS", "Gemeinde Lindenfels"]
    listing = client.get("/bildungsmonitoring/massnahmen/", secure=True).content.decode()
    assert "Kurs in Lindenfels" in listing and "geplant" in listing


def test_measure_for_a_gap_needs_town_and_topic(office, goal):
    response = office.post("/bildungsmonitoring/massnahmen/neu/",
                           {"title": "X", "actors": "VHS", "status": "planned",
                            "gap_town": goal.town.pk}, secure=True)
    assert "Eine Lücke braucht Gemeinde und Thema." in response.content.decode()
    prefilled = office.get("/bildungsmonitoring/massnahmen/neu/?ort=bensheim&thema=sprachen",
                           secure=True).content.decode()
    assert f'<option value="{goal.town.pk}" selected>Bensheim</option>' in prefilled
    assert "– kein Ziel –" in prefilled
    hostile = office.get("/bildungsmonitoring/massnahmen/neu/?ort=%00&thema=%00&ziel=1%00",
                         secure=True)
    assert hostile.status_code == 200


def test_compare_two_dates(office, goal):
    html = office.get("/bildungsmonitoring/ziele/vergleich/?indikator=offerings"
                      "&von=2026-01-01&bis=2026-03-01", secure=True).content.decode()
    assert "Bensheim" in html and "Kreis Bergstraße" in html
    assert "+4" in html and "+40" in html
    bad = office.get("/bildungsmonitoring/ziele/vergleich/?von=2020-01-01&bis=kaputt",
                     secure=True)
    assert bad.status_code == 200 and "Veränderung" not in bad.content.decode()


def test_unknown_goal_is_404(office, goal):
    assert office.get("/bildungsmonitoring/ziele/999/", secure=True).status_code == 404
    huge = "9" * 30
    assert office.get(f"/bildungsmonitoring/ziele/{huge}/", secure=True).status_code == 404
    assert office.get(f"/bildungsmonitoring/massnahmen/{huge}/bearbeiten/",
                      secure=True).status_code == 404
    assert office.get(f"/bildungsmonitoring/massnahmen/neu/?ziel={huge}",
                      secure=True).status_code == 200


def test_admin_lists_term_mappings_with_unmapped_hint(client):
    from datetime import date as day

    from bildungsportal.search.demand import count_search

    f.vocabularies()
    count_search(day.today(), "qwertz", [], 0)
    client.force_login(f.user("admin", superuser=True))
    response = client.get("/admin/insights/topicterm/", secure=True, follow=True)
    assert response.status_code == 200
    assert "qwertz (1)" in response.content.decode()
