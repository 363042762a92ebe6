"""Managing a survey in the builder: channels renamed or deleted, deleting a whole survey
(DSGVO), the prize draw. Object-level checks (everything keyed by the survey in the URL) and
permissions for the destructive POSTs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bildungsportal.surveys.models import (
    AccessCode,
    Answer,
    Channel,
    Choice,
    Page,
    PrizeDrawEntry,
    Question,
    Response,
    Survey,
    SurveyVersion,
)
from tests import factories
from tests.test_surveys_builder_views import make_survey, q

pytestmark = pytest.mark.django_db

SURVEY_MODELS = (SurveyVersion, Page, Question, Choice, Channel, AccessCode, Response, Answer,
                 PrizeDrawEntry)


@pytest.fixture
def office(client):
    client.force_login(factories.user("buero", office=True))
    return client


@pytest.fixture
def survey():
    return make_survey()


def url(name, survey, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"slug": survey.slug, **kwargs})


def answered(survey, channel=None, submitted=True, choice="schueler"):
    """One response of the current version with two answers."""
    response = Response.objects.create(
        version=survey.current_version(), channel=channel,
        submitted_on=timezone.localdate() if submitted else None,
    )
    group = q(survey, "gruppe")
    Answer.objects.create(response=response, question=group, choice=group.choices.get(code=choice))
    Answer.objects.create(response=response, question=q(survey, "alter"), number=30)
    return response


def counts():
    return {model.__name__: model.objects.count() for model in SURVEY_MODELS + (Survey,)}


def rows_of(survey):
    """Every row that belongs to ``survey``, model by model."""
    return {
        "versions": SurveyVersion.objects.filter(survey=survey).count(),
        "pages": Page.objects.filter(version__survey=survey).count(),
        "questions": Question.objects.filter(page__version__survey=survey).count(),
        "choices": Choice.objects.filter(question__page__version__survey=survey).count(),
        "channels": Channel.objects.filter(survey=survey).count(),
        "codes": AccessCode.objects.filter(survey=survey).count(),
        "responses": Response.objects.filter(version__survey=survey).count(),
        "answers": Answer.objects.filter(response__version__survey=survey).count(),
        "entries": PrizeDrawEntry.objects.filter(survey=survey).count(),
    }


def populate(survey):
    """Channels, codes, prize entries and responses (in two versions) for ``survey``."""
    postcard = Channel.objects.create(survey=survey, name="Postkarte")
    Channel.objects.create(survey=survey, name="Schule")
    AccessCode.generate(survey, 3, group="8b")
    answered(survey, postcard)
    answered(survey, submitted=False)
    # A second version, as the builder makes once there are answers.
    old = survey.current_version()
    new = SurveyVersion.objects.create(survey=survey, number=old.number + 1)
    page = Page.objects.create(version=new, position=0, code="start")
    group = Question.objects.create(page=page, position=0, code="gruppe", kind="single",
                                    text={"de": "Wer?"})
    Choice.objects.create(question=group, position=0, code="schueler", label={"de": "S"})
    Choice.objects.create(question=group, position=1, code="erwachsen", label={"de": "E"})
    Question.objects.create(page=page, position=1, code="alter", kind="number",
                            text={"de": "Alter?"})
    answered(survey, postcard, choice="erwachsen")
    for n in range(2):
        PrizeDrawEntry.objects.create(survey=survey, name=f"Person {n}",
                                      email=f"p{n}@example.org")


# -- channels: rename ---------------------------------------------------------------------
def test_channels_page_links_to_edit_and_delete(office, survey):
    channel = Channel.objects.create(survey=survey, name="Postkarte")

    html = office.get(url("builder_channels", survey)).content.decode()

    assert url("builder_channel", survey, channel_id=channel.pk) in html
    assert url("builder_channel_delete", survey, channel_id=channel.pk) in html


def test_rename_keeps_token_and_responses(office, survey):
    channel = Channel.objects.create(survey=survey, name="Postkarte")
    token = channel.token
    answered(survey, channel)
    answered(survey, channel)

    response = office.post(url("builder_channel", survey, channel_id=channel.pk),
                           {"name": "Postkarte Bäckereien", "is_paper": "on"})

    assert response.status_code == 302
    assert response["Location"] == url("builder_channels", survey)
    channel.refresh_from_db()
    assert (channel.name, channel.is_paper, channel.token) == ("Postkarte Bäckereien", True, token)
    assert channel.responses.count() == 2
    html = office.get(url("builder_channels", survey)).content.decode()
    assert f"?k={token}" in html and "2 Antworten über diesen Kanal" in html


def test_rename_to_its_own_name_is_allowed(office, survey):
    channel = Channel.objects.create(survey=survey, name="Postkarte")

    response = office.post(url("builder_channel", survey, channel_id=channel.pk),
                           {"name": "postkarte", "is_paper": "on"})

    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.name, channel.is_paper) == ("postkarte", True)


def test_rename_to_another_channels_name_is_refused(office, survey):
    channel = Channel.objects.create(survey=survey, name="Postkarte")
    Channel.objects.create(survey=survey, name="Schule")
    # The same name in another survey is no clash.
    Channel.objects.create(survey=make_survey("andere", "Andere"), name="Bücherei")

    response = office.post(url("builder_channel", survey, channel_id=channel.pk),
                           {"name": " SCHULE "})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Einen Kanal mit diesem Namen gibt es schon." in html
    assert 'id="fehler"' in html  # the error summary
    channel.refresh_from_db()
    assert channel.name == "Postkarte"
    ok = office.post(url("builder_channel", survey, channel_id=channel.pk), {"name": "Bücherei"})
    assert ok.status_code == 302


def test_rename_rejects_an_empty_name(office, survey):
    channel = Channel.objects.create(survey=survey, name="Postkarte")

    response = office.post(url("builder_channel", survey, channel_id=channel.pk), {"name": "  "})

    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    channel.refresh_from_db()
    assert channel.name == "Postkarte"


# -- channels: delete ---------------------------------------------------------------------
def test_delete_channel_without_responses(office, survey):
    channel = Channel.objects.create(survey=survey, name="Postkarte")
    other = Channel.objects.create(survey=survey, name="Schule")
    delete_url = url("builder_channel_delete", survey, channel_id=channel.pk)

    page = office.get(delete_url)
    assert page.status_code == 200
    assert "Ja, Kanal löschen" in page.content.decode()
    assert Channel.objects.filter(pk=channel.pk).exists()  # GET deletes nothing

    response = office.post(delete_url)

    assert response.status_code == 302
    assert response["Location"] == url("builder_channels", survey)
    assert list(survey.channels.all()) == [other]


def test_delete_channel_with_responses_is_refused(office, survey):
    channel = Channel.objects.create(survey=survey, name="Postkarte")
    first = answered(survey, channel)
    delete_url = url("builder_channel_delete", survey, channel_id=channel.pk)

    page = office.get(delete_url).content.decode()
    assert "kann nicht gelöscht werden" in page
    assert "Ja, Kanal löschen" not in page  # no delete button, only renaming
    assert url("builder_channel", survey, channel_id=channel.pk) in page

    response = office.post(delete_url)

    assert response.status_code == 200
    assert "1 Antwort eingegangen" in response.content.decode()
    assert Channel.objects.filter(pk=channel.pk).exists()
    first.refresh_from_db()
    assert first.channel == channel


def test_channel_of_another_survey_gives_404(office, survey):
    other = make_survey("andere", "Andere")
    foreign = Channel.objects.create(survey=other, name="Fremd")
    for name in ("builder_channel", "builder_channel_delete"):
        target = url(name, survey, channel_id=foreign.pk)
        assert office.get(target).status_code == 404, name
        assert office.post(target, {"name": "Gekapert"}).status_code == 404, name
    foreign.refresh_from_db()
    assert foreign.name == "Fremd"
    assert office.get(url("builder_channel", survey, channel_id=999999)).status_code == 404


# -- deleting a survey --------------------------------------------------------------------
def test_delete_page_shows_what_goes_and_get_deletes_nothing(office, survey):
    populate(survey)
    before = counts()

    response = office.get(url("builder_delete", survey))

    assert response.status_code == 200
    assert response.context["counts"] == {
        "versions": 2, "complete": 2, "unfinished": 1, "answers": 6, "prize_entries": 2,
        "access_codes": 3, "channels": 2,
    }
    html = response.content.decode()
    assert 'name="confirm"' in html and "csrfmiddlewaretoken" in html
    assert counts() == before


def test_survey_detail_links_to_delete_and_prize_draw(office, survey):
    html = office.get(url("builder_survey", survey)).content.decode()
    assert url("builder_delete", survey) in html
    assert url("builder_prize_draw", survey) not in html  # no draw, no entries

    survey.prize_draw = {"de": "Zu gewinnen: ein Kursgutschein."}
    survey.save()
    html = office.get(url("builder_survey", survey)).content.decode()
    assert url("builder_prize_draw", survey) in html


@pytest.mark.parametrize("confirm, message", [
    ("", "Bitte geben Sie zur Bestätigung den Kurznamen ein."),
    ("   ", "Bitte geben Sie zur Bestätigung den Kurznamen ein."),
    ("andere", "Das ist nicht der Kurzname dieser Umfrage."),
    ("Wuensche", "Das ist nicht der Kurzname dieser Umfrage."),
    ("wuensche-", "Das ist nicht der Kurzname dieser Umfrage."),
])
def test_wrong_confirmation_deletes_nothing(office, survey, confirm, message):
    populate(survey)
    populate(make_survey("andere", "Andere"))
    before = counts()

    response = office.post(url("builder_delete", survey), {"confirm": confirm})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'id="fehler"' in html and 'aria-invalid="true"' in html
    assert counts() == before


def test_missing_confirmation_field_deletes_nothing(office, survey):
    populate(survey)
    before = counts()

    assert office.post(url("builder_delete", survey)).status_code == 200
    assert counts() == before


def test_right_confirmation_deletes_everything_of_the_survey_only(office, survey):
    populate(survey)
    other = make_survey("andere", "Andere")
    populate(other)
    other_rows = rows_of(other)
    assert all(rows_of(survey).values())  # every kind of row is there to be deleted

    response = office.post(url("builder_delete", survey), {"confirm": " wuensche "})

    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:builder")
    assert not Survey.objects.filter(pk=survey.pk).exists()
    assert not any(rows_of(survey).values()), rows_of(survey)
    assert rows_of(other) == other_rows
    assert Survey.objects.filter(pk=other.pk).exists()
    page = office.get(response["Location"]).content.decode()
    assert "ist mit allen Antworten gelöscht" in page


def test_survey_without_anything_can_be_deleted(office):
    empty = Survey.objects.create(slug="leer", title={"de": "Leer"})

    response = office.post(url("builder_delete", empty), {"confirm": "leer"})

    assert response.status_code == 302
    assert not Survey.objects.filter(slug="leer").exists()
    assert office.get(url("builder_delete", empty)).status_code == 404


# -- prize draw ---------------------------------------------------------------------------
@pytest.fixture
def draw_survey(survey):
    survey.prize_draw = {"de": "Zu gewinnen: drei Kursgutscheine."}
    survey.save()
    for n in range(5):
        PrizeDrawEntry.objects.create(survey=survey, name=f"Person {n}",
                                      email=f"person{n}@example.org")
    return survey


def test_prize_draw_page_shows_only_the_number(office, draw_survey):
    response = office.get(url("builder_prize_draw", draw_survey))

    assert response.status_code == 200
    html = response.content.decode()
    assert "5 Einträge im Gewinnspiel" in html
    assert "person0@example.org" not in html and "Person 0" not in html
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_draw_picks_distinct_entries_of_this_survey(office, draw_survey):
    other = make_survey("andere", "Andere")
    PrizeDrawEntry.objects.create(survey=other, name="Fremde Person", email="fremd@example.org")
    own = {(e.name, e.email) for e in draw_survey.prize_entries.all()}

    for count in (1, 3, 5):
        response = office.post(url("builder_prize_draw", draw_survey), {"count": str(count)})
        assert response.status_code == 200
        winners = response.context["winners"]
        assert len(winners) == count
        assert len({w.pk for w in winners}) == count  # distinct
        assert {(w.name, w.email) for w in winners} <= own
        html = response.content.decode()
        for winner in winners:
            assert winner.name in html and winner.email in html
        assert "fremd@example.org" not in html
        assert "no-store" in response["Cache-Control"]
    # Drawing stores nothing: the entries are exactly as before.
    assert PrizeDrawEntry.objects.filter(survey=draw_survey).count() == 5


def test_draw_uses_system_random(office, draw_survey, monkeypatch):
    calls = []

    class Recording:
        def sample(self, population, k):
            calls.append((list(population), k))
            return list(population)[-k:]

    monkeypatch.setattr("bildungsportal.surveys.builder_views.secrets.SystemRandom", Recording)

    response = office.post(url("builder_prize_draw", draw_survey), {"count": "2"})

    ids = sorted(draw_survey.prize_entries.values_list("pk", flat=True))
    assert [sorted(population) for population, _k in calls] == [ids]
    assert [w.pk for w in response.context["winners"]] == calls[0][0][-2:]


@pytest.mark.parametrize("count, message", [
    ("0", "größer oder gleich 1"),
    ("-2", "größer oder gleich 1"),
    ("6", "Es gibt nur 5 Einträge im Gewinnspiel"),
    ("viele", "ganze Zahl"),
    ("", "Dieses Feld ist zwingend erforderlich."),
])
def test_draw_count_is_validated_in_german(office, draw_survey, count, message):
    response = office.post(url("builder_prize_draw", draw_survey), {"count": count})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'id="fehler"' in html
    assert response.context["winners"] == []
    assert "@example.org" not in html


def test_draw_without_entries_offers_no_form(office, survey):
    survey.prize_draw = {"de": "Gutschein"}
    survey.save()

    html = office.get(url("builder_prize_draw", survey)).content.decode()
    assert "0 Einträge im Gewinnspiel" in html
    assert "Gewinner ziehen</button>" not in html
    response = office.post(url("builder_prize_draw", survey), {"count": "1"})
    assert response.status_code == 200
    assert response.context["winners"] == []
    assert "Es gibt keine Einträge, aus denen gezogen werden kann." in response.content.decode()


def test_delete_prize_entries_only_of_this_survey(office, draw_survey):
    other = make_survey("andere", "Andere")
    PrizeDrawEntry.objects.create(survey=other, name="Fremde Person", email="fremd@example.org")
    answered(draw_survey)
    delete_url = url("builder_prize_draw_delete", draw_survey)

    page = office.get(delete_url)
    assert page.status_code == 200
    assert "5 Einträge (Name und E-Mail) werden endgültig gelöscht" in page.content.decode()
    assert draw_survey.prize_entries.count() == 5  # GET deletes nothing

    response = office.post(delete_url)

    assert response.status_code == 302
    assert response["Location"] == url("builder_prize_draw", draw_survey)
    assert not draw_survey.prize_entries.exists()
    assert other.prize_entries.count() == 1
    assert Response.objects.filter(version__survey=draw_survey).count() == 1
    assert "5 Kontaktdaten des Gewinnspiels sind gelöscht" in (
        office.get(response["Location"]).content.decode())


# -- permissions --------------------------------------------------------------------------
def manage_requests(survey, channel):
    """(method, url, data) of every new page, GETs and the destructive POSTs."""
    return [
        ("get", url("builder_channel", survey, channel_id=channel.pk), {}),
        ("post", url("builder_channel", survey, channel_id=channel.pk), {"name": "Gekapert"}),
        ("get", url("builder_channel_delete", survey, channel_id=channel.pk), {}),
        ("post", url("builder_channel_delete", survey, channel_id=channel.pk), {}),
        ("get", url("builder_delete", survey), {}),
        ("post", url("builder_delete", survey), {"confirm": survey.slug}),
        ("get", url("builder_prize_draw", survey), {}),
        ("post", url("builder_prize_draw", survey), {"count": "1"}),
        ("get", url("builder_prize_draw_delete", survey), {}),
        ("post", url("builder_prize_draw_delete", survey), {}),
    ]


def test_anonymous_users_are_sent_to_the_login(client, draw_survey):
    channel = Channel.objects.create(survey=draw_survey, name="Postkarte")
    before = counts()
    for method, target, data in manage_requests(draw_survey, channel):
        response = getattr(client, method)(target, data)
        assert response.status_code == 302, target
        assert "next=" in response["Location"], target
        assert "@example.org" not in response.content.decode()
    assert counts() == before
    channel.refresh_from_db()
    assert channel.name == "Postkarte"


def test_provider_staff_and_plain_users_get_403(client, draw_survey):
    channel = Channel.objects.create(survey=draw_survey, name="Postkarte")
    before = counts()
    staff = factories.user("anbieter", providers=[factories.provider()])
    plain = factories.user("buerger")
    for account in (staff, plain):
        client.force_login(account)
        for method, target, data in manage_requests(draw_survey, channel):
            response = getattr(client, method)(target, data)
            assert response.status_code == 403, (account, target)
            assert "@example.org" not in response.content.decode()
    assert counts() == before
    channel.refresh_from_db()
    assert channel.name == "Postkarte"


@pytest.mark.parametrize("role", ["office", "admin"])
def test_office_and_admin_may_open_every_new_page(client, draw_survey, role):
    client.force_login(factories.user("b", office=role == "office", superuser=role == "admin"))
    channel = Channel.objects.create(survey=draw_survey, name="Postkarte")
    for method, target, _data in manage_requests(draw_survey, channel):
        if method == "get":
            assert client.get(target).status_code == 200, target


def test_post_forms_need_the_csrf_token(draw_survey):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.user("buero", office=True))
    channel = Channel.objects.create(survey=draw_survey, name="Postkarte")
    before = counts()
    for method, target, data in manage_requests(draw_survey, channel):
        if method == "post":
            assert client.post(target, data).status_code == 403, target
    assert counts() == before
