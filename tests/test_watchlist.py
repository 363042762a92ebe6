"""The Merkliste without an account: a signed cookie, buttons on results and offering pages,
/merkliste/ with changes and cancellations, one .ics, share links; hostile cookies and
cross-site posts."""

import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from bildungsportal.catalog.models import Offering, Run
from bildungsportal.watchlist import cookie
from tests import factories

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"


@pytest.fixture
def data():
    return factories.small_catalog()


@pytest.fixture
def client():
    # A browser sends Origin with every POST; the cross-site tests leave it out or change it.
    return Client(headers={"Origin": ORIGIN})


def keep(client, offering, action="add", next_url="/angebote/", **extra):
    return client.post("/merkliste/merken/", {
        "id": str(offering.pk), "action": action, "next": next_url,
    }, **extra)


def kept_ids(client):
    """The ids in the client's cookie, read through Django's signed-cookie API."""
    morsel = client.cookies.get(cookie.COOKIE_NAME)
    if morsel is None or not morsel.value:
        return []
    request = HttpRequest()
    request.COOKIES[cookie.COOKIE_NAME] = morsel.value
    return cookie.parse(request.get_signed_cookie(cookie.COOKIE_NAME, salt=cookie.SALT)).ids


def sign(value):
    response = HttpResponse()
    response.set_signed_cookie(cookie.COOKIE_NAME, value, salt=cookie.SALT)
    return response.cookies[cookie.COOKIE_NAME].value


def set_list(client, items):
    """Put a signed list {id: kept seconds} into the client's cookie, as the site would."""
    client.cookies[cookie.COOKIE_NAME] = sign(
        "-".join(f"{pk}.{kept}" for pk, kept in items.items()))


def test_keep_sets_signed_httponly_lax_cookie_and_redirects_back_with_303(client, data):
    response = keep(client, data["english"], next_url="/angebote/?q=englisch")

    assert response.status_code == 303
    assert response["Location"] == "/angebote/?q=englisch"
    morsel = response.cookies[cookie.COOKIE_NAME]
    assert morsel["httponly"] and morsel["samesite"] == "Lax"
    assert morsel["max-age"] == cookie.MAX_AGE
    assert kept_ids(client) == [data["english"].pk]


def test_keep_then_remove(client, data):
    keep(client, data["english"])
    keep(client, data["guitar"])
    keep(client, data["english"], action="remove")

    assert kept_ids(client) == [data["guitar"].pk]
    keep(client, data["guitar"], action="remove")
    # The last one removed: the cookie is deleted, not left empty.
    assert kept_ids(client) == []


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/x", "javascript:alert(1)", "", "\\\\evil.example",
])
def test_foreign_next_falls_back_to_the_list(client, data, target):
    response = keep(client, data["english"], next_url=target)

    assert response.status_code == 303
    assert response["Location"] == "/merkliste/"


def test_json_answer_for_the_script(client, data):
    response = keep(client, data["english"], HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    body = response.json()
    assert body["kept"] is True and body["count"] == 1 and body["action"] == "remove"
    assert body["label"] == "Gemerkt – entfernen"
    assert "1 Angebot auf der Merkliste" in body["message"]


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999999", "١٢"])
def test_bad_ids_are_a_clear_400(client, data, value):
    response = client.post("/merkliste/merken/", {"id": value, "action": "add"})

    assert response.status_code == 400
    assert "kann nicht gemerkt werden" in response.content.decode()


def test_unpublished_and_missing_offerings_cannot_be_kept(client, data):
    assert keep(client, data["draft"]).status_code == 404
    missing = client.post("/merkliste/merken/", {"id": "987654", "action": "add"})
    assert missing.status_code == 404
    assert "gibt es nicht" in missing.content.decode()
    assert kept_ids(client) == []


def test_get_on_an_action_is_405(client):
    assert client.get("/merkliste/merken/").status_code == 405
    assert client.get("/merkliste/leeren/").status_code == 405


@pytest.mark.parametrize("headers", [
    {},  # no Origin, no Sec-Fetch-Site, no Referer: refused
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site", "Origin": ORIGIN},
    {"Sec-Fetch-Site": "same-site"},
    {"Referer": "https://evil.example/page"},
])
def test_cross_site_posts_are_refused(data, headers):
    client = Client(headers=headers)
    response = keep(client, data["english"])

    assert response.status_code == 403
    assert "nicht von unserer Website" in response.content.decode()
    assert cookie.COOKIE_NAME not in response.cookies
    assert client.post("/merkliste/leeren/").status_code == 403


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "same-origin"},
    {"Origin": ORIGIN},
    {"Referer": f"{ORIGIN}/angebote/"},
])
def test_same_origin_posts_pass(data, headers):
    assert keep(Client(headers=headers), data["english"]).status_code == 303


def test_no_csrf_cookie_on_catalog_pages(client, data):
    """The buttons need no CSRF cookie: browsing the catalog sets no cookie at all."""
    for url in ("/angebote/", data["english"].get_absolute_url(), "/merkliste/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, (url, response.cookies)


def test_buttons_on_results_and_offering_page_show_the_state(client, data):
    page = client.get("/angebote/").content.decode()
    assert page.count('class="watch-form"') == page.count('<li class="hit">') == 3
    assert 'name="action" value="add"' in page
    assert f'id="merken-{data["english"].pk}"' in page

    keep(client, data["english"])
    page = client.get("/angebote/?q=englisch").content.decode()
    assert '<span class="watch-label">Gemerkt – entfernen</span>' in page
    assert 'class="watch-button is-kept"' in page
    # The next address brings the person back to the button they pressed.
    assert f'value="/angebote/?q=englisch#merken-{data["english"].pk}"' in page
    assert "Merkliste <span class=\"watch-count\" data-watch-count>(1)</span>" in page

    detail = client.get(data["english"].get_absolute_url()).content.decode()
    aside = detail.split('class="detail-side"')[1]
    assert '<span class="watch-label">Gemerkt – entfernen</span>' in aside
    other = client.get(data["guitar"].get_absolute_url()).content.decode()
    assert '<span class="watch-label">Merken</span>' in other
    assert "is-kept" not in other


def test_pages_with_the_list_state_vary_on_cookie_and_stay_private(client, data):
    keep(client, data["english"])
    for url in ("/", "/angebote/", data["english"].get_absolute_url(), "/merkliste/"):
        response = client.get(url)
        assert "Cookie" in response["Vary"], url
        assert "private" in response["Cache-Control"], url


def test_tampered_cookie_counts_as_empty_and_is_removed(client, data):
    keep(client, data["english"])
    value = client.cookies[cookie.COOKIE_NAME].value
    client.cookies[cookie.COOKIE_NAME] = value.replace(f"{data['english'].pk}.",
                                                       f"{data['guitar'].pk}.", 1)

    page = client.get("/merkliste/")
    assert page.status_code == 200
    assert "Ihre Merkliste ist leer" in page.content.decode()
    assert page.cookies[cookie.COOKIE_NAME].value == ""  # deleted
    assert client.get("/angebote/").status_code == 200


@pytest.mark.parametrize("garbage", [
    "x", "%%%", "a" * 5000, "1.2-3.4:bad:sig", "\u00e4\u00f6\u00fc", ":::", "1.2.3",
])
def test_garbage_cookie_never_fails(client, data, garbage):
    client.cookies[cookie.COOKIE_NAME] = garbage
    for url in ("/merkliste/", "/angebote/", "/", "/merkliste/termine.ics"):
        assert client.get(url).status_code in (200, 404), url
    assert keep(client, data["english"]).status_code == 303
    assert kept_ids(client) == [data["english"].pk]


def test_garbage_inside_a_signed_cookie_is_skipped(client, data):
    client.cookies[cookie.COOKIE_NAME] = sign(
        f"x-{data['english'].pk}.{int(time.time())}-..-12a.5-{data['english'].pk}.1"
    )
    page = client.get("/merkliste/")

    assert "Englisch für Anfänger" in page.content.decode()
    assert kept_ids(client) == [data["english"].pk]  # rewritten clean


def test_list_is_capped(client, data):
    now = int(time.time())
    set_list(client, {pk: now for pk in range(1000, 1000 + cookie.MAX_ITEMS)})
    # A full list takes no new offering; the list page says why.
    response = keep(client, data["english"])
    assert response.status_code == 303 and response["Location"] == "/merkliste/?voll=1"
    assert data["english"].pk not in kept_ids(client)
    assert keep(client, data["english"], HTTP_ACCEPT="application/json").status_code == 409
    # The list page drops the ids that don't exist, which makes room again.
    page = client.get("/merkliste/?voll=1").content.decode()
    assert "Ihre Merkliste ist leer" in page
    assert "ist voll" not in page and "data-watch-count>(0)<" in page
    assert keep(client, data["english"]).status_code == 303
    assert kept_ids(client) == [data["english"].pk]


def test_full_list_says_so_on_the_list_page(client, data, monkeypatch):
    monkeypatch.setattr(cookie, "MAX_ITEMS", 2)
    keep(client, data["english"])
    keep(client, data["guitar"])
    response = keep(client, data["first_aid"])

    assert response["Location"] == "/merkliste/?voll=1"
    page = client.get(response["Location"]).content.decode()
    assert "Ihre Merkliste ist voll" in page and "höchstens 2 Angebote" in page
    assert page.count('<li class="watch-item') == 2
    assert "ist voll" not in client.get("/merkliste/").content.decode()


def test_huge_cookie_is_read_up_to_the_cap():
    parsed = cookie.parse("-".join(f"{pk}.1" for pk in range(1, 5000)))
    assert len(parsed) == cookie.MAX_ITEMS and parsed.dirty
    assert parsed.ids[0] == 1


def test_full_list_in_the_cookie_stays_small(data):
    watchlist = cookie.Watchlist()
    for pk in range(10**11, 10**11 + cookie.MAX_ITEMS):
        watchlist.add(pk)
    assert not watchlist.add(1)
    assert len(watchlist.value()) < 3000  # a browser keeps 4096 bytes per cookie


def test_list_page_shows_kept_offerings_with_next_runs_newest_first(client, data):
    keep(client, data["english"])
    keep(client, data["first_aid"])

    page = client.get("/merkliste/").content.decode()
    assert page.index("Erste Hilfe am Kind") < page.index("Englisch für Anfänger")
    assert "18:30–20:00 Uhr" in page  # the weekly run
    assert "und 1 weiterer Termin" not in page  # three runs: all shown
    assert "kostenfrei" in page and "ab 80,00" in page
    assert "Gemerkt am" in page
    assert page.count('class="watch-remove"') == 2
    assert "/merkliste/termine.ics" in page
    assert 'aria-current="page"' in page.split('class="watch-nav"')[1][:200]


def test_list_drops_deleted_keeps_unknown_out_and_marks_what_changed(client, data):
    long_ago = int(time.time()) - 3600
    set_list(client, {
        data["english"].pk: long_ago, data["guitar"].pk: int(time.time()) + 60,
        data["first_aid"].pk: int(time.time()) + 60, 424242: long_ago,
    })
    Offering.objects.filter(pk=data["english"].pk).update(updated_at=timezone.now())
    data["first_aid"].status = Offering.Status.ARCHIVED
    data["first_aid"].save()
    Offering.objects.filter(pk=data["first_aid"].pk).update(
        updated_at=timezone.now() - timedelta(days=1))
    Run.objects.filter(offering=data["guitar"]).update(
        booking_status=Run.BookingStatus.CANCELLED)

    response = client.get("/merkliste/")
    page = response.content.decode()
    english, guitar, first_aid = (
        page.split(f'href="{o.get_absolute_url()}"')[1][:900] if o.status == "published"
        else page.split(o.title)[1][:900]
        for o in (data["english"], data["guitar"], data["first_aid"])
    )
    assert "Geändert:" in english and "Abgesagt:" not in english
    assert "Abgesagt:" in guitar and "Geändert:" not in guitar
    assert "Nicht mehr im Angebot:" in first_aid
    # The archived offering is still listed, without a link to its (404) page.
    assert f'href="{data["first_aid"].get_absolute_url()}"' not in page
    assert "Änderungen als gesehen markieren" in page
    # The deleted id left the cookie; the others stay.
    assert sorted(kept_ids(client)) == sorted(
        [data["english"].pk, data["guitar"].pk, data["first_aid"].pk])

    client.post("/merkliste/gesehen/")
    assert "Geändert:" not in client.get("/merkliste/").content.decode()


def test_withdrawn_offering_is_marked(client, data):
    keep(client, data["english"])
    Offering.objects.filter(pk=data["english"].pk).update(status=Offering.Status.DRAFT)

    page = client.get("/merkliste/").content.decode()
    assert "Zurückgezogen:" in page and "Englisch für Anfänger" in page
    assert f'href="{data["english"].get_absolute_url()}"' not in page


def test_clear_empties_the_list(client, data):
    keep(client, data["english"])
    response = client.post("/merkliste/leeren/")

    assert response.status_code == 303
    assert kept_ids(client) == []
    page = client.get("/merkliste/").content.decode()
    assert "Ihre Merkliste ist leer" in page
    assert "kein Konto" in page  # the empty state explains what the list is


def test_calendar_has_every_upcoming_run_of_the_list(client, data):
    keep(client, data["english"])
    keep(client, data["guitar"])
    Offering.objects.filter(pk=data["guitar"].pk)  # published, one run

    response = client.get("/merkliste/termine.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="merkliste.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    uids = {str(event["UID"]).split("@")[0] for event in events}
    expected = {data["weekly"], data["once"], data["online"], data["other_run"]}
    assert uids == {f"run-{run.pk}" for run in expected}
    assert {str(event["SUMMARY"]) for event in events} == {
        "Englisch für Anfänger", "Gitarre für Erwachsene"}
    weekly = next(e for e in events if str(e["UID"]).startswith(f"run-{data['weekly'].pk}@"))
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"]
    assert calendar.walk("VTIMEZONE")


def test_calendar_leaves_out_archived_and_says_when_empty(client, data):
    keep(client, data["first_aid"])
    Offering.objects.filter(pk=data["first_aid"].pk).update(status=Offering.Status.ARCHIVED)
    assert client.get("/merkliste/termine.ics").status_code == 404
    assert Client().get("/merkliste/termine.ics").status_code == 404


def test_share_link_shows_a_read_only_list_and_takes_it_over(client, data):
    keep(client, data["english"])
    keep(client, data["guitar"])
    page = client.get("/merkliste/").content.decode()
    share = re.search(r'value="(http://testserver/merkliste/teilen/\?ids=[0-9-]+)"', page)
    assert share, "the list page shows its share link"
    assert share.group(1).endswith(f"?ids={data['english'].pk}-{data['guitar'].pk}")

    friend = Client(headers={"Origin": ORIGIN})
    shared = friend.get(share.group(1)).content.decode()
    assert "Geteilte Merkliste" in shared and "Gitarre für Erwachsene" in shared
    assert 'class="watch-remove"' not in shared  # read only
    assert "In meine Merkliste übernehmen" in shared
    assert 'name="robots" content="noindex"' in shared

    response = friend.post("/merkliste/teilen/", {"ids": f"{data['english'].pk}-"
                                                          f"{data['guitar'].pk}"})
    assert response.status_code == 303 and response["Location"] == "/merkliste/"
    assert kept_ids(friend) == [data["english"].pk, data["guitar"].pk]
    again = friend.get(share.group(1)).content.decode()
    assert "Alle sind schon auf Ihrer Merkliste" in again


def test_share_link_drops_unpublished_unknown_and_garbage_ids(client, data):
    ids = (f"{data['draft'].pk}-999999-abc--{data['english'].pk}-{data['english'].pk}-x"
           + "-999998" * 500)
    page = client.get(f"/merkliste/teilen/?ids={ids}").content.decode()

    assert "Geheimer Entwurf" not in page
    assert page.count('<li class="watch-item') == 1
    client.post("/merkliste/teilen/", {"ids": f"{data['draft'].pk}-{data['english'].pk}"})
    assert kept_ids(client) == [data["english"].pk]
    calendar = client.get(f"/merkliste/termine.ics?ids={data['draft'].pk}")
    assert calendar.status_code == 404
    empty = client.get("/merkliste/teilen/?ids=").content.decode()
    assert "keine Angebote" in empty


@pytest.mark.parametrize("code", ["en", "tr", "ar", "uk", "ru"])
def test_pages_in_every_language(client, data, code):
    keep(client, data["english"])
    page = client.get(f"/{code}/merkliste/")
    assert page.status_code == 200
    assert f'lang="{code}"' in page.content.decode()[:300]
    assert "Merkliste</h1>" not in page.content.decode()  # translated
    response = client.post(f"/{code}/merkliste/merken/", {
        "id": data["guitar"].pk, "action": "add", "next": f"/{code}/angebote/"})
    assert response["Location"] == f"/{code}/angebote/"
    search = client.get(f"/{code}/angebote/").content.decode()
    assert f"/{code}/merkliste/merken/" in search


def test_list_page_queries_do_not_grow_with_the_list(client, data):
    keep(client, data["english"])
    client.get("/merkliste/")  # warm caches (search index, vocabularies)
    with CaptureQueriesContext(connection) as one:
        client.get("/merkliste/")
    keep(client, data["guitar"])
    keep(client, data["first_aid"])
    with CaptureQueriesContext(connection) as three:
        client.get("/merkliste/")
    assert len(three) == len(one)


def test_an_offering_twice_on_a_page_gets_two_button_ids(rf, data):
    request = rf.get("/orte/bensheim/")
    template = Template("{% load watchlist %}{% watch_button o %}{% watch_button o %}")
    html = template.render(Context({"request": request, "o": data["english"]}))
    pk = data["english"].pk
    assert f'id="merken-{pk}"' in html and f'id="merken-{pk}-2"' in html
    assert f'value="/orte/bensheim/#merken-{pk}-2"' in html
