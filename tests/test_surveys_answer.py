"""Answering a survey: start, pages, branches, required and soft-required, other, matrix,
ranking, language, closed surveys, channels, access codes, resume links, submit."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bildungsportal.surveys.models import (
    AccessCode,
    Answer,
    Channel,
    Choice,
    Question,
    Response,
    Survey,
)
from bildungsportal.surveys.template import load_template
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/umfrage/bildungsumfrage/"


@pytest.fixture
def survey():
    factories.vocabularies()
    factories.town()
    factories.town("Heppenheim", ags="06431011", postcodes=("64646",))
    return load_template()[0]


def choice(question_code, code, row=False):
    return str(Choice.objects.get(question__code=question_code, code=code, is_row=row).pk)


def start(client, url=URL, **data):
    client.get(url)
    return client.post(URL, {"action": "start", **data})


def current(client, url=URL):
    page = client.get(url)
    assert page.status_code == 200
    return page


def submit(client, data, action="next", page=None):
    shown = current(client)
    payload = {
        "action": action,
        "page": shown.context["page_index"] if page is None else page,
        "submission_key": shown.context["submission_key"],
        **data,
    }
    return client.post(URL, payload)


def adult_answers():
    """Answers for every page of the adult branch, in order."""
    return [
        {"q_gruppe": choice("gruppe", "erwachsen")},
        {
            "q_themen": ["sprachen"],
            f"q_wichtigkeit__{choice('wichtigkeit', 'beruf', row=True)}": choice(
                "wichtigkeit", "1"
            ),
            f"q_kriterien__{choice('kriterien', 'preis')}": "1",
            f"q_kriterien__{choice('kriterien', 'naehe')}": "2",
            f"q_kriterien__{choice('kriterien', 'zeit')}": "3",
            f"q_kriterien__{choice('kriterien', 'qualitaet')}": "4",
            f"q_kriterien__{choice('kriterien', 'abschluss')}": "5",
            "q_anzahl_kurse": "3",
            "q_preis": "bis-100",
        },
        {"q_formate": ["online"], "q_tageszeit": ["abends"], "q_anfahrt": "bis-10-km"},
        {"q_hindernisse": [choice("hindernisse", "zeit"), "other"],
         "q_hindernisse__other": "Pflege der Eltern"},
        {"q_fehlt": "Steuerkurs", "q_anmerkungen": "Mehr am Abend."},
        {"q_altersgruppe": choice("altersgruppe", "40-64"), "q_wohnort": "bensheim",
         "q_taetigkeit": choice("taetigkeit", "beruf")},
    ]


def run_through(client, pages, **start_data):
    start(client, **start_data)
    last = None
    for data in pages:
        last = submit(client, data)
        assert last.status_code == 302, last.content.decode()[:2000]
    return last


def test_start_page_is_public_and_shows_demo_notice_and_privacy_link(client, survey):
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Demo-Umfrage" in html
    assert "Bildungsumfrage Kreis Bergstraße" in html
    assert reverse("surveys:privacy", kwargs={"slug": "bildungsumfrage"}) in html
    assert not Response.objects.exists()  # looking does not create anything


def test_adult_branch_to_thanks_stores_every_answer(client, survey):
    last = run_through(client, adult_answers())
    assert last["Location"] == reverse("surveys:thanks", kwargs={"slug": "bildungsumfrage"})
    response = Response.objects.get()
    assert response.submitted_on == timezone.localdate()
    assert response.source == "online"
    answers = Answer.objects.filter(response=response)
    codes = set(answers.values_list("question__code", flat=True))
    assert codes == {"gruppe", "themen", "wichtigkeit", "kriterien", "anzahl_kurse", "preis",
                     "formate", "tageszeit", "anfahrt", "hindernisse", "fehlt", "anmerkungen",
                     "altersgruppe", "wohnort", "taetigkeit"}
    assert answers.get(question__code="hindernisse", choice=None).text == "Pflege der Eltern"
    ranks = dict(answers.filter(question__code="kriterien").values_list("choice__code", "rank"))
    assert ranks == {"preis": 1, "naehe": 2, "zeit": 3, "qualitaet": 4, "abschluss": 5}
    matrix = answers.get(question__code="wichtigkeit")
    assert (matrix.row.code, matrix.choice.code) == ("beruf", "1")
    assert answers.get(question__code="wohnort").value == "bensheim"
    assert str(answers.get(question__code="anzahl_kurse").number) == "3.00"
    assert client.session.get(f"surveys:{survey.pk}") is None


def test_pupil_branch_skips_adult_page_and_shows_school_page(client, survey):
    start(client)
    submit(client, {"q_gruppe": choice("gruppe", "schueler")})
    page = current(client)
    assert page.context["page"].code == "schule"
    assert "Schulfächern" in page.content.decode()
    submit(client, {"q_schulfaecher": [choice("schulfaecher", "mathe")],
                    "q_schueler_themen": ["sprachen"]})
    assert current(client).context["page"].code == "formate"


def test_switching_branch_drops_answers_of_the_other_branch_on_submit(client, survey):
    pages = adult_answers()
    start(client)
    submit(client, pages[0])
    submit(client, pages[1])  # adult answers stored on the unfinished response
    submit(client, {}, action="back")
    submit(client, {}, action="back")
    assert current(client).context["page"].code == "start"
    submit(client, {"q_gruppe": choice("gruppe", "schueler")})
    submit(client, {"q_schulfaecher": [choice("schulfaecher", "deutsch")], "soft_ok": "1"})
    for data in pages[2:]:
        submit(client, data)
    response = Response.objects.get()
    assert response.is_complete
    codes = set(response.answers.values_list("question__code", flat=True))
    assert "schulfaecher" in codes
    assert not codes & {"themen", "wichtigkeit", "kriterien", "anzahl_kurse", "preis"}


def test_required_question_gives_german_error_linked_from_summary(client, survey):
    start(client)
    page = submit(client, {})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert "Bitte beantworten Sie diese Frage." in html
    assert 'href="#id_q_gruppe_0"' in html
    assert 'id="id_q_gruppe_0"' in html
    assert 'aria-invalid="true"' in html
    assert Answer.objects.count() == 0


def test_soft_required_warns_once_then_continues(client, survey):
    start(client)
    submit(client, {"q_gruppe": choice("gruppe", "erwachsen")})
    page = submit(client, {})  # "themen" is soft-required
    assert page.status_code == 200
    assert "Einige Fragen sind noch offen" in page.content.decode()
    assert page.context["soft_notice"]
    again = client.post(URL, {"action": "next", "page": page.context["page_index"],
                              "soft_ok": "1"})
    assert again.status_code == 302
    assert current(client).context["page"].code == "formate"


def test_other_without_text_and_exclusive_choice_are_errors(client, survey):
    start(client)
    submit(client, {"q_gruppe": choice("gruppe", "erwachsen")})
    submit(client, {"soft_ok": "1"})
    submit(client, {})
    page = submit(client, {"q_hindernisse": [choice("hindernisse", "nichts"),
                                             choice("hindernisse", "zeit"), "other"]})
    html = page.content.decode()
    assert page.status_code == 200
    assert "lässt sich nicht mit anderen Antworten kombinieren" in html
    assert "Bitte beschreiben Sie „Sonstiges“." in html


@pytest.mark.parametrize("ranks, message", [
    (["1", "1", "2", "3", "4"], "Jeder Platz darf nur einmal vorkommen."),
    (["1", "2", "", "", ""], "genau einmal"),
    (["1", "2", "3", "4", "9"], "gültige"),
])
def test_ranking_must_be_a_permutation(client, survey, ranks, message):
    start(client)
    submit(client, {"q_gruppe": choice("gruppe", "erwachsen")})
    items = ["preis", "naehe", "zeit", "qualitaet", "abschluss"]
    data = {f"q_kriterien__{choice('kriterien', c)}": r for c, r in zip(items, ranks, strict=True)}
    page = submit(client, {**data, "soft_ok": "1"})
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not Answer.objects.filter(question__code="kriterien").exists()


def test_matrix_rows_are_fieldsets_named_by_their_row(client, survey):
    start(client)
    submit(client, {"q_gruppe": choice("gruppe", "erwachsen")})
    html = current(client).content.decode()
    row = choice("wichtigkeit", "alltag", row=True)
    assert f'role="radiogroup" aria-labelledby="id_q_wichtigkeit__{row}-zeile"' in html
    assert f'<legend id="id_q_wichtigkeit__{row}-zeile">' in html
    assert "Alltagswissen: Geld, Steuern, Versicherungen" in html


def test_randomised_order_is_stable_per_response_and_differs_between_responses(survey):
    from django.test import Client

    orders = []
    for _ in range(6):
        client = Client()
        start(client)
        submit(client, {"q_gruppe": choice("gruppe", "erwachsen")})
        for _ in range(2):
            page = current(client)
            items = next(b for b in page.context["bound_items"]
                         if b["item"].question.code == "kriterien")
            orders.append(tuple(label for _part, label in items["parts"]))
        assert orders[-1] == orders[-2]  # same response, same order
    assert len(set(orders)) > 1


def test_back_keeps_answers_and_shows_them_again(client, survey):
    start(client)
    submit(client, {"q_gruppe": choice("gruppe", "erwachsen")})
    submit(client, {"q_anzahl_kurse": "2,5", "q_fehlt": "x"}, action="back")
    submit(client, {"q_gruppe": choice("gruppe", "erwachsen")})
    page = current(client)
    assert page.context["page"].code == "erwachsene"
    assert 'value="2,5"' in page.content.decode()


def test_english_texts_with_lang_parameter(client, survey):
    page = client.get(URL + "?lang=en")
    assert "Education survey Kreis Bergstraße" in page.content.decode()
    start(client, url=URL + "?lang=en", lang="en")
    page = current(client)
    html = page.content.decode()
    assert "Who is filling in the questionnaire?" in html
    assert 'lang="en"' in html
    assert Response.objects.get().language == "en"
    assert "Wer füllt" in current(client, URL + "?lang=de").content.decode()
    assert client.get(URL + "?lang=xx").status_code == 200  # unknown language: German


def test_closed_and_not_yet_open_survey(client, survey):
    survey.closes_at = timezone.now() - timedelta(days=1)
    survey.save()
    page = client.get(URL)
    assert "Diese Umfrage ist beendet" in page.content.decode()
    assert client.post(URL, {"action": "start"}).status_code == 200
    assert not Response.objects.exists()
    survey.closes_at = None
    survey.opens_at = timezone.now() + timedelta(days=3)
    survey.save()
    assert "beginnt erst am" in client.get(URL).content.decode()


def test_unknown_survey_is_404(client, db):
    assert client.get("/umfrage/gibt-es-nicht/").status_code == 404


def test_channel_token_recorded_and_unknown_token_ignored(client, survey):
    postcard = Channel.objects.get(survey=survey, name="Postkarte")
    page = client.get(f"{URL}?k={postcard.token}")
    assert postcard.token in page.content.decode()
    start(client, k=postcard.token)
    assert Response.objects.get().channel == postcard
    from django.test import Client

    other = Client()
    assert start(other, k="<script>unbekannt").status_code == 302
    assert Response.objects.filter(channel=None).count() == 1


def test_channel_of_another_survey_is_ignored(client, survey):
    other = Survey.objects.create(slug="andere", title={"de": "Andere"})
    foreign = Channel.objects.create(survey=other, name="Fremd")
    start(client, k=foreign.token)
    assert Response.objects.get().channel is None


def test_access_code_required_one_time_and_german_errors(client, survey):
    survey.requires_access_code = True
    survey.save()
    codes = AccessCode.generate(survey, 3, group="Klasse 9b")
    assert len(set(codes)) == 3
    stored = AccessCode.objects.get(code_hash=AccessCode.hash(codes[0]))
    assert stored.group == "Klasse 9b"
    assert codes[0] not in str(list(AccessCode.objects.values()))  # only hashes stored
    assert stored.code_hash == hashlib.sha256(codes[0].replace("-", "").encode()).hexdigest()

    page = start(client, code="")
    assert "Bitte geben Sie Ihren Zugangscode ein." in page.content.decode()
    page = start(client, code="FALSCH-00")
    assert "ungültig oder wurde schon verwendet" in page.content.decode()
    assert not Response.objects.exists()

    # Lower case and without the hyphen works too; the code counts as used on submit.
    run_through(client, adult_answers(), code=codes[0].lower().replace("-", ""))
    stored.refresh_from_db()
    assert stored.used_on == timezone.localdate()
    from django.test import Client

    page = start(Client(), code=codes[0])
    assert "ungültig oder wurde schon verwendet" in page.content.decode()


def test_access_code_used_meanwhile_stores_nothing(client, survey):
    survey.requires_access_code = True
    survey.save()
    code = AccessCode.generate(survey, 1)[0]
    pages = adult_answers()
    start(client, code=code)
    for data in pages[:-1]:
        submit(client, data)
    AccessCode.objects.update(used_on=timezone.localdate())  # someone else submitted
    page = submit(client, pages[-1])
    assert page.status_code == 409
    assert "Zugangscode schon verwendet" in page.content.decode()
    assert not Response.objects.filter(submitted_on__isnull=False).exists()


def test_continue_later_link_stores_only_the_hash(client, survey):
    start(client)
    submit(client, {"q_gruppe": choice("gruppe", "erwachsen")})
    page = submit(client, {"q_fehlt": "x"}, action="later")
    assert page.status_code == 200
    link = page.context["link"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    response = Response.objects.get()
    assert response.resume_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(Response.objects.values()))
    assert token not in str(dict(client.session))
    from django.test import Client

    other_device = Client()
    resumed = other_device.get(link)
    assert resumed.status_code == 302
    page = current(other_device)
    assert page.context["page"].code == "erwachsene"


def test_unknown_or_foreign_resume_token_is_a_clear_404(client, survey):
    other = Survey.objects.create(slug="andere", title={"de": "Andere"}, languages=["de"])
    version = other.versions.create(number=1)
    token = "geheim-token"
    Response.objects.create(version=version,
                            resume_token_hash=hashlib.sha256(token.encode()).hexdigest())
    page = client.get(f"{URL}weiter/{token}/")  # someone else's token, other survey
    assert page.status_code == 404
    assert "Dieser Link gilt nicht mehr" in page.content.decode()
    assert client.get(f"{URL}weiter/%3Cscript%3E/").status_code == 404
    assert client.get(f"{URL}weiter/{'a' * 5000}/").status_code == 404


def test_submitted_response_cannot_be_resumed(client, survey):
    start(client)
    submit(client, {"q_gruppe": choice("gruppe", "erwachsen")})
    link = submit(client, {}, action="later").context["link"]
    client.get(link)
    for data in adult_answers()[1:]:
        submit(client, {**data, "soft_ok": "1"})
    assert Response.objects.get().is_complete
    assert Response.objects.get().resume_token_hash is None
    assert client.get(link).status_code == 404


def test_required_page_skipped_by_stale_form_is_asked_again(client, survey):
    start(client)
    # Post the last page's form directly, as if the first page had never been answered.
    page = client.post(URL, {"action": "next", "page": "6",
                             "q_altersgruppe": choice("altersgruppe", "18-24")})
    assert page.status_code in (200, 302)
    assert not Response.objects.filter(submitted_on__isnull=False).exists()
    assert current(client).context["page"].code == "start"


def test_catalog_question_choices_come_from_the_vocabularies(survey):
    from bildungsportal.surveys.catalog_choices import catalog_choices

    topics = dict(catalog_choices(Question.objects.get(code="themen")))
    assert topics["sprachen"] == "Sprachen"
    assert "englisch" not in topics  # subtopics are left out
    towns = dict(catalog_choices(Question.objects.get(code="wohnort")))
    assert {"bensheim", "heppenheim", "ausserhalb"} <= set(towns)
    distances = catalog_choices(Question.objects.get(code="anfahrt"))
    assert distances[0][0] == "bis-5-km"
    assert dict(catalog_choices(Question.objects.get(code="formate")))["praesenz"] == "Präsenzkurs"
    assert catalog_choices(Question.objects.get(code="gruppe")) == []


def test_required_number_zero_counts_as_answer_and_required_matrix_needs_every_row(client, db):
    from bildungsportal.surveys.models import Page

    other = Survey.objects.create(slug="klein", title={"de": "Klein"}, languages=["de"])
    page = Page.objects.create(version=other.versions.create(number=1), code="eins")
    Question.objects.create(page=page, code="zahl", kind="number", text={"de": "Wie viele?"},
                            requirement="required", min_value=0, max_value=9)
    matrix = Question.objects.create(page=page, code="m", kind="matrix", text={"de": "Matrix"},
                                     requirement="required", position=1)
    yes = Choice.objects.create(question=matrix, code="1", label={"de": "ja"})
    rows = [Choice.objects.create(question=matrix, code=c, label={"de": c}, is_row=True)
            for c in ("a", "b")]
    url = "/umfrage/klein/"
    client.post(url, {"action": "start"})
    page = client.post(url, {"action": "next", "page": "0", "q_zahl": "0",
                             f"q_m__{rows[0].pk}": str(yes.pk)})
    assert "Bitte wählen Sie in dieser Zeile eine Antwort." in page.content.decode()
    done = client.post(url, {"action": "next", "page": "0", "q_zahl": "0",
                             f"q_m__{rows[0].pk}": str(yes.pk), f"q_m__{rows[1].pk}": str(yes.pk)})
    assert done.status_code == 302 and done["Location"].endswith("/danke/")
    response = Response.objects.get()
    assert response.is_complete
    assert response.answers.get(question__code="zahl").number == 0


def test_english_interface_around_english_texts(client, survey):
    page = client.get(URL + "?lang=en")
    html = page.content.decode()
    assert "Start the survey" in html and "Umfrage starten" not in html
    assert '<div class="survey" lang="en">' in html
    assert "Demo survey:" in html
    start(client, url=URL + "?lang=en", lang="en")
    page = submit(client, {})
    html = page.content.decode()
    assert "Please answer this question." in html
    assert "Please check your answers" in html
    assert ">Next<" in html
    pages = adult_answers()
    submit(client, pages[0])
    for data in pages[1:]:
        last = submit(client, {**data, "soft_ok": "1"})
    assert last["Location"] == "/umfrage/bildungsumfrage/danke/?lang=en"
    assert "Thank you!" in client.get(last["Location"]).content.decode()
    # German stays the default, also for other requests in the same process.
    assert "Umfrage starten" in client.get(URL).content.decode()
