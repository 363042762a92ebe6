"""The whole survey on one page (/umfrage/<slug>/alle/): one POST stores a complete response,
validated like the page-by-page flow; hidden branches dropped, idempotent, honeypot, rate limit,
access codes, channel and language, nothing about the device stored."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bildungsportal.surveys.models import AccessCode, Answer, Channel, PrizeDrawEntry, Response
from bildungsportal.surveys.template import load_template
from tests import factories
from tests import test_surveys_answer as multi

pytestmark = pytest.mark.django_db
URL = "/umfrage/bildungsumfrage/alle/"
THANKS = reverse("surveys:thanks", kwargs={"slug": "bildungsumfrage"})


@pytest.fixture
def survey():
    factories.vocabularies()
    factories.town()
    factories.town("Heppenheim", ags="06431011", postcodes=("64646",))
    return load_template()[0]


def all_adult_answers():
    data = {}
    for page in multi.adult_answers():
        data.update(page)
    return data


def post(client, data, url=URL, **extra):
    shown = client.get(url)
    assert shown.status_code == 200
    payload = {"submission_key": shown.context["submission_key"], **data}
    return client.post(URL, payload, **extra)


def stored(response):
    return sorted(
        (a.question.code, a.choice.code if a.choice else "", a.row.code if a.row else "",
         a.rank, str(a.number) if a.number is not None else "", a.text, a.value)
        for a in Answer.objects.filter(response=response).select_related(
            "question", "choice", "row")
    )  # fmt: skip


def test_get_shows_every_page_with_conditions_key_and_privacy_link(client, survey):
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert page.context["total"] == survey.current_version().pages.count()
    assert "Schulfächern" in html and "Nur ausfüllen, wenn" in html  # the pupil branch, noted
    assert 'name="submission_key" value="' in html and page.context["submission_key"]
    assert 'name="website"' in html
    assert reverse("surveys:privacy", kwargs={"slug": "bildungsumfrage"}) in html
    assert "csrfmiddlewaretoken" in html
    assert not Response.objects.exists()  # looking stores nothing


def test_start_page_links_to_the_one_page_mode(client, survey):
    html = client.get("/umfrage/bildungsumfrage/").content.decode()
    assert "Alle Fragen auf einer Seite" in html and URL in html


def test_one_post_stores_the_same_answers_as_the_page_by_page_flow(client, survey):
    multi.run_through(Client(), multi.adult_answers())
    by_pages = Response.objects.get()
    result = post(client, all_adult_answers())
    assert result.status_code == 302 and result["Location"] == THANKS
    one = Response.objects.exclude(pk=by_pages.pk).get()
    assert one.submitted_on == timezone.localdate() and one.source == "online"
    assert one.submission_key and one.resume_token_hash is None
    assert stored(one) == stored(by_pages)
    assert len(stored(one)) > 10


def test_double_post_stores_one(client, survey):
    shown = client.get(URL)
    payload = {"submission_key": shown.context["submission_key"], **all_adult_answers()}
    first = client.post(URL, payload)
    second = Client().post(URL, payload)  # another browser, same form (e.g. a retry)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == THANKS
    assert Response.objects.count() == 1
    count = Answer.objects.count()
    client.post(URL, payload)
    assert Response.objects.count() == 1 and Answer.objects.count() == count


def test_required_errors_in_german_and_nothing_stored(client, survey):
    page = post(client, {"q_themen": ["sprachen"]})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert "Bitte beantworten Sie diese Frage." in html
    assert 'href="#id_q_gruppe_0"' in html
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert page.context["form"]["q_themen"].value() == ["sprachen"]  # shown again


def test_ranking_and_other_are_validated_as_page_by_page(client, survey):
    data = {**all_adult_answers(), "q_hindernisse": ["other"], "q_hindernisse__other": ""}
    data[f"q_kriterien__{multi.choice('kriterien', 'naehe')}"] = "1"  # twice 1
    page = post(client, data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jeder Platz darf nur einmal vorkommen." in html
    assert "Bitte beschreiben Sie „Sonstiges“." in html
    assert not Response.objects.exists()


def test_honeypot_stores_nothing(client, survey):
    result = post(client, {**all_adult_answers(), "website": "http://spam.example"})
    assert result.status_code == 302 and result["Location"] == THANKS
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_answers_to_the_hidden_branch_are_dropped(client, survey):
    data = {
        **all_adult_answers(),
        "q_schulfaecher": [multi.choice("schulfaecher", "mathe")],
        "q_schueler_themen": ["sprachen"],
    }
    assert post(client, data).status_code == 302
    codes = set(Response.objects.get().answers.values_list("question__code", flat=True))
    assert "themen" in codes and "kriterien" in codes
    assert not codes & {"schulfaecher", "schueler_themen"}


def test_pupil_branch_drops_adult_answers(client, survey):
    data = {
        **all_adult_answers(),
        "q_gruppe": multi.choice("gruppe", "schueler"),
        "q_schulfaecher": [multi.choice("schulfaecher", "mathe")],
        "soft_ok": "1",
    }
    result = post(client, data)
    assert result.status_code == 302, result.content.decode()[:3000]
    codes = set(Response.objects.get().answers.values_list("question__code", flat=True))
    assert "schulfaecher" in codes
    assert not codes & {"themen", "wichtigkeit", "kriterien", "anzahl_kurse", "preis"}


def test_soft_required_asks_once_then_stores(client, survey):
    data = all_adult_answers()
    del data["q_themen"]  # soft-required
    page = post(client, data)
    assert page.status_code == 200 and page.context["soft_notice"]
    assert "Einige Fragen sind noch offen" in page.content.decode()
    assert not Response.objects.exists()
    again = client.post(
        URL, {**data, "soft_ok": "1", "submission_key": page.context["submission_key"]}
    )
    assert again.status_code == 302
    assert Response.objects.count() == 1


def test_broken_input_is_an_error_not_a_500(client, survey):
    data = {
        **all_adult_answers(),
        "q_gruppe": "999999",
        "q_anzahl_kurse": "drei'; DROP",
        "submission_key": "x" * 500,
    }
    page = client.post(URL, data)
    assert page.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in page.content.decode()
    assert not Response.objects.exists()


def test_no_ip_or_user_agent_stored(client, survey):
    result = post(
        client, all_adult_answers(), REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Geheimbrowser/9.9"
    )
    assert result.status_code == 302
    dump = str(list(Response.objects.values())) + str(list(Answer.objects.values()))
    dump += "".join(s.get_decoded().__repr__() for s in Session.objects.all())
    assert "203.0.113" not in dump and "Geheimbrowser" not in dump
    assert not hasattr(Response, "ip_address") and not hasattr(Response, "user_agent")


def test_rate_limit_per_network_prefix(client, survey, settings):
    settings.SURVEY_RATE_LIMIT = 1
    data = all_adult_answers()
    assert post(client, data, REMOTE_ADDR="198.51.100.7").status_code == 302
    blocked = post(Client(), data, REMOTE_ADDR="198.51.100.8")
    assert blocked.status_code == 429
    assert post(Client(), data, REMOTE_ADDR="192.0.2.1").status_code == 302
    assert Response.objects.count() == 2


def test_channel_and_english(client, survey):
    channel = Channel.objects.create(survey=survey, name="Postkarte")
    page = client.get(f"{URL}?k={channel.token}&lang=en")
    assert page.context["channel_token"] == channel.token and page.context["lang"] == "en"
    result = client.post(
        URL,
        {
            **all_adult_answers(),
            "k": channel.token,
            "lang": "en",
            "submission_key": page.context["submission_key"],
        },
    )
    assert result.status_code == 302 and result["Location"] == f"{THANKS}?lang=en"
    response = Response.objects.get()
    assert response.channel == channel and response.language == "en"


def test_access_code_required_and_used_once(client, survey):
    survey.requires_access_code = True
    survey.save()
    code = AccessCode.generate(survey, 1, group="Klasse 9b")[0]
    page = post(client, all_adult_answers())
    assert page.status_code == 200
    assert "Bitte geben Sie Ihren Zugangscode ein." in page.content.decode()
    page = post(client, {**all_adult_answers(), "code": "FALSCH-00"})
    assert "ungültig oder wurde schon verwendet" in page.content.decode()
    assert not Response.objects.exists()
    assert post(client, {**all_adult_answers(), "code": code}).status_code == 302
    assert AccessCode.objects.get().used_on == timezone.localdate()
    page = post(Client(), {**all_adult_answers(), "code": code})
    assert "ungültig oder wurde schon verwendet" in page.content.decode()
    assert Response.objects.count() == 1


def test_closed_survey_stores_nothing(client, survey):
    survey.closes_at = timezone.now() - timezone.timedelta(days=1)
    survey.save()
    page = client.post(URL, {**all_adult_answers(), "submission_key": "abc"})
    assert page.status_code == 200
    assert not Response.objects.exists()


def test_unknown_survey_is_404(client, db):
    assert client.get("/umfrage/gibt-es-nicht/alle/").status_code == 404


def test_invalid_answer_in_the_hidden_branch_does_not_block(client, survey):
    data = {**all_adult_answers(), "q_schulfaecher": ["999999", "<script>"]}
    result = post(client, data)
    assert result.status_code == 302
    codes = set(Response.objects.get().answers.values_list("question__code", flat=True))
    assert "schulfaecher" not in codes


def test_invalid_answer_in_the_shown_branch_is_an_error(client, survey):
    data = {**all_adult_answers(), "q_hindernisse": ["999999"]}
    page = post(client, data)
    assert page.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in page.content.decode()
    assert not Response.objects.exists()


def test_submit_writes_no_session_and_hands_out_a_prize_draw_ticket(client, survey):
    answered = post(client, {**all_adult_answers(), "soft_ok": "1"})
    assert answered.status_code == 302 and answered["Location"] == THANKS
    assert not Session.objects.exists()  # no session row for a respondent
    assert client.cookies[f"umfrage_los_{survey.pk}"].value
    thanks = client.post(THANKS, {"name": "Erika", "email": "erika@example.org",
                                  "consent": "on"})  # fmt: skip
    assert thanks.status_code == 200
    assert PrizeDrawEntry.objects.count() == 1


@pytest.mark.parametrize("obstacle", ["used code", "rate limit", "closed"])
def test_a_double_submit_ends_on_the_thank_you_page_whatever_it_meets(client, survey, settings,
                                                                       obstacle):
    survey.requires_access_code = obstacle == "used code"
    survey.save()
    code = AccessCode.generate(survey, 1)[0]
    shown = client.get(URL)
    payload = {"submission_key": shown.context["submission_key"], "code": code,
               **all_adult_answers(), "soft_ok": "1"}  # fmt: skip
    assert client.post(URL, payload)["Location"] == THANKS
    if obstacle == "rate limit":
        settings.SURVEY_RATE_LIMIT = 1
    elif obstacle == "closed":
        survey.closes_at = timezone.now()
        survey.save()
    again = Client().post(URL, payload)
    assert again.status_code == 302 and again["Location"] == THANKS
    assert Response.objects.count() == 1
    # Someone else's fresh submit meets the obstacle.
    fresh = Client().post(URL, {**payload, "submission_key": "ein-anderer-schluessel"})
    assert fresh.status_code == {"used code": 200, "rate limit": 429, "closed": 200}[obstacle]
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_option_removed_while_answering_loses_nothing_silently(client, survey, monkeypatch):
    from bildungsportal.surveys import one_page
    from bildungsportal.surveys.models import Choice

    original = one_page._store

    def office_deletes_an_option_meanwhile(request, survey, version, lang, answers, *args):
        Choice.objects.filter(pk=next(a.choice_id for a in answers if a.choice_id)).delete()
        return original(request, survey, version, lang, answers, *args)

    monkeypatch.setattr(one_page, "_store", office_deletes_an_option_meanwhile)
    page = post(client, {**all_adult_answers(), "soft_ok": "1"})
    assert page.status_code == 200
    assert "Die Umfrage wurde gerade geändert" in page.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()
