"""Privacy by design: no IP or user agent with answers, days only, prize draw apart,
unfinished responses purged, privacy notice per survey."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models

from bildungsportal.surveys.models import Answer, PrizeDrawEntry, Response, Survey
from bildungsportal.surveys.privacy import purge_unfinished
from tests.test_surveys_answer import URL, adult_answers, current, start, submit, survey  # noqa: F401

pytestmark = pytest.mark.django_db
IP = "203.0.113.77"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) Geheimbrowser/99.1"


def _all_values(instance):
    return [str(getattr(instance, f.attname)) for f in instance._meta.concrete_fields]


def test_no_ip_or_user_agent_in_any_field_after_submit(client, survey):  # noqa: F811
    client.defaults.update(REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT,
                           HTTP_X_FORWARDED_FOR="198.51.100.9")  # fmt: skip
    start(client)
    for data in adult_answers():
        submit(client, data)
    response = Response.objects.get()
    assert response.is_complete
    stored = _all_values(response)
    for answer in Answer.objects.all():
        stored += _all_values(answer)
    text = " ".join(stored)
    for secret in (IP, "203.0.113", AGENT, "Geheimbrowser", "198.51.100.9"):
        assert secret not in text
    # Nothing stores time of day: the day only.
    assert isinstance(response.submitted_on, date)
    assert type(Response._meta.get_field("submitted_on")) is models.DateField
    assert type(Response._meta.get_field("started_on")) is models.DateField
    names = {f.name for f in Response._meta.get_fields()} | {
        f.name for f in Answer._meta.get_fields()
    }
    assert not names & {"ip", "ip_address", "user_agent", "created_at", "remote_addr"}


def test_prize_draw_is_stored_apart_and_session_forgets_the_response(client, survey):  # noqa: F811
    start(client)
    for data in adult_answers():
        submit(client, data)
    assert Response.objects.get().is_complete
    # The session holds nothing after the submit; the browser holds a signed, random ticket
    # for the draw, limited to this survey's pages and a day.
    assert dict(client.session) == {}
    cookie = client.cookies[f"umfrage_los_{survey.pk}"]
    assert cookie["path"] == URL and cookie["httponly"] and cookie["max-age"] == 86400
    ticket = cookie.value
    thanks = client.get(f"{URL}danke/")
    assert "Gewinnspiel" in thanks.content.decode()
    page = client.post(f"{URL}danke/", {"name": "Erika Muster", "email": "erika@example.org",
                                        "consent": "on"})
    assert page.status_code == 200
    entry = PrizeDrawEntry.objects.get()
    assert entry.email == "erika@example.org"
    # No foreign key, field or order that connects the entry with the response; the ticket's
    # hash is stored with the entry only.
    related = [f.related_model for f in PrizeDrawEntry._meta.get_fields() if f.is_relation]
    assert related == [Survey]
    assert not any(f.related_model is PrizeDrawEntry for f in Response._meta.get_fields()
                   if f.is_relation)  # fmt: skip
    assert not {f.name for f in PrizeDrawEntry._meta.get_fields()} & {
        "response", "submission_key", "token"
    }
    response_values = " ".join(_all_values(Response.objects.get()))
    assert entry.ticket_hash not in response_values and ticket not in response_values
    assert not client.cookies[f"umfrage_los_{survey.pk}"].value  # the ticket is taken back
    # Only once per submit, also when the old ticket is sent again.
    client.post(f"{URL}danke/", {"name": "Zweiter", "email": "x@example.org", "consent": "on"})
    client.cookies[f"umfrage_los_{survey.pk}"] = ticket
    replay = client.post(f"{URL}danke/", {"name": "Dritter", "email": "y@example.org",
                                          "consent": "on"})  # fmt: skip
    assert replay.status_code == 200 and 'name="email"' not in replay.content.decode()
    assert PrizeDrawEntry.objects.count() == 1


def test_a_forged_or_foreign_ticket_enters_nothing(client, survey):  # noqa: F811
    other = Survey.objects.create(slug="andere", title={"de": "Andere"}, languages=["de"],
                                  prize_draw={"de": "Gewinnspiel"})  # fmt: skip
    client.cookies[f"umfrage_los_{survey.pk}"] = "selbst-ausgedacht"
    client.post(f"{URL}danke/", {"name": "Bot", "email": "b@example.org", "consent": "on"})
    assert not PrizeDrawEntry.objects.exists()
    start(client)
    for data in adult_answers():
        submit(client, data)
    # The ticket of one survey does not open another survey's draw.
    client.cookies[f"umfrage_los_{other.pk}"] = client.cookies[f"umfrage_los_{survey.pk}"].value
    client.post("/umfrage/andere/danke/", {"name": "Bot", "email": "b@example.org",
                                           "consent": "on"})  # fmt: skip
    assert not PrizeDrawEntry.objects.exists()


def test_prize_draw_needs_consent_and_a_submitted_response(client, survey):  # noqa: F811
    page = client.post(f"{URL}danke/", {"name": "Bot", "email": "b@example.org",
                                        "consent": "on"})
    assert page.status_code == 200
    assert not PrizeDrawEntry.objects.exists()  # no submit in this session
    start(client)
    for data in adult_answers():
        submit(client, data)
    page = client.post(f"{URL}danke/", {"name": "Erika", "email": "kein-mail"})
    html = page.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert not PrizeDrawEntry.objects.exists()


def test_purge_deletes_old_unfinished_responses_only(survey):  # noqa: F811
    version = survey.current_version()
    today = date(2026, 6, 30)
    old = Response.objects.create(version=version, started_on=today - timedelta(days=31))
    fresh = Response.objects.create(version=version, started_on=today - timedelta(days=30))
    done = Response.objects.create(version=version, started_on=today - timedelta(days=300),
                                   submitted_on=today - timedelta(days=299))
    question = version.pages.first().questions.first()
    Answer.objects.create(response=old, question=question, text="x")
    assert purge_unfinished(today=today) == 1
    assert set(Response.objects.values_list("pk", flat=True)) == {fresh.pk, done.pk}
    assert not Answer.objects.filter(response_id=old.pk).exists()
    survey.unfinished_retention_days = 7
    survey.save()
    assert purge_unfinished(today=today) == 1  # "fresh" is older than 7 days
    assert list(Response.objects.values_list("pk", flat=True)) == [done.pk]


def test_purge_command_and_task(survey):  # noqa: F811
    from bildungsportal.surveys.tasks import purge_unfinished_responses

    version = survey.current_version()
    Response.objects.create(version=version, started_on=date(2000, 1, 1))
    out = StringIO()
    call_command("purge_unfinished_responses", stdout=out)
    assert "1 unfinished survey responses deleted" in out.getvalue()
    Response.objects.create(version=version, started_on=date(2000, 1, 1))
    purge_unfinished_responses.enqueue()
    assert not Response.objects.exists()


def test_privacy_notice_page_is_linked_from_every_survey_page(client, survey):  # noqa: F811
    page = client.get(f"{URL}datenschutz/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Art. 13 DSGVO" in html
    assert "Kreis Bergstraße" in html
    assert "Art. 6 Abs. 1 lit. e DSGVO" in html
    assert "ENTWURF" in html
    assert "Privacy" not in html
    assert "Art. 13 GDPR" in client.get(f"{URL}datenschutz/?lang=en").content.decode()
    link = f'href="{URL}datenschutz/"'
    assert link in client.get(URL).content.decode()
    start(client)
    assert link in current(client).content.decode()
    assert link in client.get(f"{URL}danke/").content.decode()
    assert link in client.get(f"{URL}druck/").content.decode()
