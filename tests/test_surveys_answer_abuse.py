"""Hostile input, honeypot, rate limit, atomic and idempotent submit, QR codes, paper."""

from unittest import mock

import pytest
from django.test import Client, override_settings

from bildungsportal.surveys import ratelimit
from bildungsportal.surveys.models import Answer, Channel, Choice, Response, Survey
from tests import factories
from tests.test_surveys_answer import (  # noqa: F401
    URL,
    adult_answers,
    choice,
    current,
    start,
    submit,
    survey,
)

pytestmark = pytest.mark.django_db


def to_last_page(client):
    start(client)
    pages = adult_answers()
    for data in pages[:-1]:
        submit(client, data)
    return pages[-1]


# -- idempotent, atomic submit ---------------------------------------------------------------
def test_double_submit_with_the_same_key_stores_nothing_new(client, survey):  # noqa: F811
    last = to_last_page(client)
    page = current(client)
    payload = {"action": "next", "page": page.context["page_index"],
               "submission_key": page.context["submission_key"], **last}  # fmt: skip
    first = client.post(URL, payload)
    answers = Answer.objects.count()
    second = client.post(URL, payload)
    third = Client().post(URL, payload)  # even from another browser (no session)
    assert first.status_code == second.status_code == third.status_code == 302
    assert second["Location"] == third["Location"] == "/umfrage/bildungsumfrage/danke/"
    assert Response.objects.count() == 1
    assert Response.objects.get().submission_key == payload["submission_key"]
    assert Answer.objects.count() == answers


def test_submit_is_atomic(client, survey):  # noqa: F811
    last = to_last_page(client)
    before = set(Answer.objects.values_list("pk", "question__code"))
    with (
        mock.patch("bildungsportal.surveys.public_views._prune_hidden",
                   side_effect=RuntimeError("Absturz")),
        pytest.raises(RuntimeError),
    ):  # fmt: skip
        submit(client, last)
    response = Response.objects.get()
    assert response.submitted_on is None
    assert response.submission_key is None
    assert set(Answer.objects.values_list("pk", "question__code")) == before
    assert not Answer.objects.filter(question__code="altersgruppe").exists()
    # After the failure the same form goes through.
    assert submit(client, last).status_code == 302
    assert Response.objects.get().is_complete


@pytest.mark.django_db(transaction=True)
def test_double_submit_with_real_transactions(survey):  # noqa: F811
    client = Client()
    last = to_last_page(client)
    page = current(client)
    payload = {"action": "next", "page": page.context["page_index"],
               "submission_key": page.context["submission_key"], **last}  # fmt: skip
    for _ in range(3):
        assert client.post(URL, payload).status_code == 302
    assert Response.objects.filter(submitted_on__isnull=False).count() == 1
    assert Answer.objects.filter(question__code="altersgruppe").count() == 1


# -- honeypot and rate limit -----------------------------------------------------------
def test_honeypot_on_start_stores_nothing_and_looks_like_success(client, survey):  # noqa: F811
    page = start(client, website="http://spam.example")
    assert page.status_code == 302
    assert page["Location"].endswith("/danke/")
    assert not Response.objects.exists()


def test_honeypot_on_a_page_deletes_the_unfinished_response(client, survey):  # noqa: F811
    start(client)
    page = submit(client, {"q_gruppe": choice("gruppe", "erwachsen"), "website": "x"})
    assert page["Location"].endswith("/danke/")
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


@override_settings(SURVEY_RATE_LIMIT=2, SURVEY_RATE_WINDOW=600)
def test_rate_limit_per_ipv4_prefix_with_german_429(survey):  # noqa: F811
    for last_octet in (1, 2):
        assert start(Client(REMOTE_ADDR=f"192.0.2.{last_octet}")).status_code == 302
    blocked = start(Client(REMOTE_ADDR="192.0.2.200"))  # same /24
    assert blocked.status_code == 429
    assert "Zu viele Anfragen" in blocked.content.decode()
    assert start(Client(REMOTE_ADDR="192.0.3.1")).status_code == 302  # another /24
    assert Response.objects.count() == 3
    assert "192.0.2" not in str(list(Response.objects.values()))


@override_settings(SURVEY_RATE_LIMIT=1)
def test_rate_limit_per_ipv6_64(survey):  # noqa: F811
    assert start(Client(REMOTE_ADDR="2001:db8:1:2::1")).status_code == 302
    assert start(Client(REMOTE_ADDR="2001:db8:1:2:ffff::9")).status_code == 429
    assert start(Client(REMOTE_ADDR="2001:db8:1:3::1")).status_code == 302


def test_prefixes_and_expiry():
    request = mock.Mock(META={"REMOTE_ADDR": "203.0.113.77"})
    assert ratelimit.client_prefix(request) == "203.0.113.0/24"
    request.META["REMOTE_ADDR"] = "2001:db8:aa:bb:cc::1"
    assert ratelimit.client_prefix(request) == "2001:db8:aa:bb::/64"
    request.META["REMOTE_ADDR"] = "::ffff:198.51.100.4"
    assert ratelimit.client_prefix(request) == "198.51.100.0/24"
    request.META["REMOTE_ADDR"] = "kein-ip<script>"
    assert ratelimit.client_prefix(request) == ""
    request.META["REMOTE_ADDR"] = "192.0.2.1"
    with override_settings(SURVEY_RATE_LIMIT=1, SURVEY_RATE_WINDOW=60):
        assert ratelimit.hit(request, now=1000)
        assert not ratelimit.hit(request, now=1030)
        assert ratelimit.hit(request, now=1061)  # the window has passed


# -- hostile input -----------------------------------------------------------------------
@pytest.mark.parametrize("value", ["999999", "abc", "'; DROP TABLE surveys_answer; --", "", "-1"])
def test_invalid_choice_ids_are_german_errors(client, survey, value):  # noqa: F811
    start(client)
    page = submit(client, {"q_gruppe": value})
    assert page.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in page.content.decode()
    assert not Answer.objects.exists()


def test_choice_id_of_another_question_is_rejected(client, survey):  # noqa: F811
    start(client)
    foreign = choice("altersgruppe", "18-24")
    page = submit(client, {"q_gruppe": foreign})
    assert page.status_code == 200
    assert "gültige" in page.content.decode()
    submit(client, {"q_gruppe": choice("gruppe", "erwachsen")})
    row = choice("wichtigkeit", "beruf", row=True)
    page = submit(client, {f"q_wichtigkeit__{row}": choice("kriterien", "preis"),
                           f"q_wichtigkeit__{choice('hindernisse', 'zeit')}": "1"})
    assert page.status_code == 200
    assert not Answer.objects.filter(question__code="wichtigkeit").exists()


def test_huge_text_nul_bytes_and_injection_strings(client, survey):  # noqa: F811
    start(client)
    submit(client, {"q_gruppe": choice("gruppe", "erwachsen")})
    submit(client, {"soft_ok": "1"})
    submit(client, {})
    submit(client, {})
    page = submit(client, {"q_fehlt": "x" * 100_000, "q_anmerkungen": "a\x00b"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "höchstens 300 Zeichen" in html
    assert "Null" in html or "null" in html.lower()
    injection = "<script>alert(1)</script>' OR 1=1; --"
    page = submit(client, {"q_fehlt": "{{ 7*7 }}", "q_anmerkungen": injection})
    assert page.status_code == 302
    assert Answer.objects.get(question__code="anmerkungen").text == injection
    submit(client, {}, action="back")
    html = current(client).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html


@pytest.mark.parametrize("number", ["1e400", "NaN", "99999999999999999", "-5", "101", "zwei"])
def test_bad_numbers_are_errors_not_500(client, survey, number):  # noqa: F811
    start(client)
    submit(client, {"q_gruppe": choice("gruppe", "erwachsen")})
    page = submit(client, {"q_anzahl_kurse": number, "soft_ok": "1"})
    assert page.status_code == 200
    assert not Answer.objects.filter(question__code="anzahl_kurse").exists()


@pytest.mark.parametrize("page_value", ["abc", "-1", "99999", "", "1e9"])
def test_garbage_navigation_never_500s(client, survey, page_value):  # noqa: F811
    start(client)
    for action in ("next", "back", "later", "unbekannt", ""):
        response = client.post(URL, {"action": action, "page": page_value})
        assert response.status_code in (200, 302)
    assert client.get(URL + "?lang=%00&k=%ff").status_code == 200


def test_someone_elses_unfinished_response_is_not_reachable_through_the_session(survey):  # noqa: F811
    alice, mallory = Client(), Client()
    start(alice)
    submit(alice, {"q_gruppe": choice("gruppe", "erwachsen")})
    session = mallory.session
    other = Survey.objects.create(slug="andere", title={"de": "Andere"})
    session[f"surveys:{other.pk}"] = {"r": Response.objects.get().pk, "key": "x"}
    session.save()
    page = mallory.get(URL)
    assert "Umfrage starten" in page.content.decode()  # Alice's answers are not shown


# -- QR codes, paper ---------------------------------------------------------------------
def test_qr_code_svg_for_staff_only(client, survey):  # noqa: F811
    channel = Channel.objects.get(survey=survey, name="Schule")
    url = f"{URL}qr/{channel.token}.svg"
    assert client.get(url).status_code == 404
    client.force_login(factories.user("anbieter"))
    assert client.get(url).status_code == 404
    client.force_login(factories.user("buero", office=True))
    svg = client.get(url)
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    assert client.get(f"{URL}qr/unbekannt.svg").status_code == 404
    other = Survey.objects.create(slug="andere", title={"de": "Andere"})
    foreign = Channel.objects.create(survey=other, name="Fremd")
    assert client.get(f"{URL}qr/{foreign.token}.svg").status_code == 404


def test_printable_version_shows_all_branches_with_jump_notes(client, survey):  # noqa: F811
    page = client.get(f"{URL}druck/")
    html = page.content.decode()
    assert page.status_code == 200
    for text in ("Schulfächern", "Wie wichtig sind Ihnen", "Was hält davon ab",
                 "Welche Altersgruppe trifft zu?", "Bensheim", "weiter mit Teil 2",
                 "weiter mit Teil 3",
                 "Nur ausfüllen, wenn bei „Wer füllt den Fragebogen aus?“"):  # fmt: skip
        assert text in html, text
    assert 'scope="row"' in html
    assert "Who is filling in" in client.get(f"{URL}druck/?lang=en").content.decode()


def test_paper_entry_for_staff_stores_a_paper_response(client, survey):  # noqa: F811
    url = f"{URL}erfassen/"
    assert client.get(url).status_code == 302  # to the log-in
    client.force_login(factories.user("anbieter"))
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert not Response.objects.exists()
    client.force_login(factories.user("buero", office=True))
    assert client.get(url).status_code == 200
    saved = client.post(url, {
        "p-q_gruppe": choice("gruppe", "erwachsen"),
        "p-q_hindernisse": [choice("hindernisse", "kosten")],
        "p-q_wohnort": "heppenheim",
    })  # fmt: skip
    assert saved.status_code == 302
    response = Response.objects.get()
    assert response.source == "paper"
    assert response.channel.name == "Papier" and response.channel.is_paper
    assert response.is_complete
    assert set(response.answers.values_list("question__code", flat=True)) == {
        "gruppe", "hindernisse", "wohnort"
    }
    bad = client.post(url, {"p-q_gruppe": "999999"})
    assert bad.status_code == 200
    assert Response.objects.count() == 1
    assert Choice.objects.exists()
