"""Issue 13, point 6: survey pages that don't contradict themselves — shared suppression of
the live counts, a progress label whose total never changes, a thank-you page that links to
offerings for the wished topics."""

import re

import pytest
from django.urls import reverse

from bildungsportal.surveys.models import Response
from bildungsportal.surveys.results import live_counts
from tests import factories
from tests import survey_factories as sf
from tests.test_surveys_answer import (
    adult_answers,
    choice,
    current,
    run_through,
    start,
    survey,  # noqa: F401 — the template survey fixture
)
from tests.test_surveys_answer import submit as submit_page

pytestmark = pytest.mark.django_db


def shown_numbers(table):
    return [cell.count for cell in table.cells if cell.count is not None] + (
        [table.base] if table.base is not None else [])


def test_a_count_hidden_in_one_live_table_is_not_shown_in_another(client):
    item = sf.survey("zaehlung", k=5)
    sf.question(item, "frage", "single", choices=(("a", "A"),))
    sf.respond(item, {"frage": "a"}, n=22, channel=sf.channel(item, "Schule"))
    sf.respond(item, {"frage": "a"}, n=3, submitted=False)

    counts = live_counts(item)

    status = counts["status"]
    # "unvollständig" (3) is hidden; so is the total that would give it away by subtraction,
    # and "abgeschlossen" stays visible, in agreement with every other table of the page.
    assert [cell.count for cell in status.cells] == [22, None] and status.base is None
    assert counts["channels"].base == 22
    client.force_login(factories.user("buero", office=True))
    page = client.get(reverse("surveys:results", kwargs={"slug": "zaehlung"})).content.decode()
    live = page.split("Teilnahme (live)")[1].split('id="export"')[0]
    assert ">25<" not in live and ">3<" not in live and ">22<" in live


def test_hidden_complete_count_is_hidden_in_the_channel_and_day_tables():
    item = sf.survey("zaehlung3", k=5)
    sf.question(item, "frage", "single", choices=(("a", "A"),))
    sf.respond(item, {"frage": "a"}, n=4, channel=sf.channel(item, "Schule"))
    sf.respond(item, {"frage": "a"}, n=30, submitted=False)
    counts = live_counts(item)
    assert [cell.count for cell in counts["status"].cells] == [None, 30]
    for name in ("channels", "days"):
        assert 4 not in shown_numbers(counts[name]), name


def test_live_tables_keep_shared_counts_when_nothing_is_hidden():
    item = sf.survey("zaehlung2", k=5)
    sf.question(item, "frage", "single", choices=(("a", "A"),))
    sf.respond(item, {"frage": "a"}, n=22, channel=sf.channel(item, "Schule"))
    sf.respond(item, {"frage": "a"}, n=6, submitted=False)
    counts = live_counts(item)
    assert [cell.count for cell in counts["status"].cells] == [22, 6]
    assert counts["channels"].base == 22 and counts["channels"].cells[0].count == 22


def test_progress_label_has_no_total_that_changes_with_the_branch(client, survey):  # noqa: F811
    start(client)
    first = current(client).content.decode()
    assert "Teil 1:" in first and " von " not in first.split("<h1>")[1].split("</h1>")[0]
    assert '<progress id="fortschritt" max="100" value="0">' in first
    submit_page(client, {"q_gruppe": choice("gruppe", "schueler")})
    second = current(client)
    assert "Teil 2:" in second.content.decode()
    value = int(second.content.decode().split('<progress id="fortschritt" max="100" value="')[1]
                .split('"')[0])
    assert 0 < value < 100


def test_thank_you_page_links_to_offerings_for_the_wished_topics(client, survey):  # noqa: F811
    last = run_through(client, adult_answers())
    assert last["Location"] == reverse("surveys:thanks", kwargs={"slug": "bildungsumfrage"})
    page = client.get(last["Location"]).content.decode()
    assert "Passende Angebote ansehen" in page
    assert 'href="/angebote/?topic=sprachen"' in page
    assert "Gewünschte Themen: Sprachen." in page
    # Nothing of it is stored with the response or in the session.
    assert client.session.get(f"surveys:{survey.pk}") is None
    assert Response.objects.count() == 1


def test_thank_you_page_without_wishes_or_with_a_forged_cookie(client, survey):  # noqa: F811
    page = client.get(reverse("surveys:thanks", kwargs={"slug": "bildungsumfrage"}))
    assert "Passende Angebote" not in page.content.decode()
    client.cookies[f"survey-wished-topics-{survey.pk}"] = "sprachen"  # not signed
    page = client.get(reverse("surveys:thanks", kwargs={"slug": "bildungsumfrage"}))
    assert "Passende Angebote" not in page.content.decode()


def test_one_page_submit_links_to_the_wished_topics_too(client, survey):  # noqa: F811
    from tests.test_surveys_one_page import THANKS, all_adult_answers, post

    result = post(client, all_adult_answers())
    assert result.status_code == 302 and result["Location"] == THANKS
    assert 'href="/angebote/?topic=sprachen"' in client.get(THANKS).content.decode()


# -- compact view and PDF ----------------------------------------------------------------
@pytest.fixture
def results_client(client):
    client.force_login(factories.user("buero", office=True))
    item = sf.survey("kompakt", k=5)
    sf.question(item, "eins", "single", "Erste Frage?", (("a", "Ja"), ("b", "Nein")))
    sf.question(item, "zwei", "single", "Zweite Frage?", (("a", "Ja"), ("b", "Nein")))
    sf.respond(item, {"eins": "a", "zwei": "b"}, n=12)
    sf.respond(item, {"eins": "b", "zwei": "b"}, n=2)
    return client


URL_RESULTS = "/umfrage/auswertung/kompakt/"


def test_compact_view_shows_one_question_at_a_time(results_client):
    page = results_client.get(URL_RESULTS + "?ansicht=kompakt").content.decode()
    assert 'id="frage-eins"' in page and 'id="frage-zwei"' not in page
    assert "Frage 1 von 2" in page and "ansicht=kompakt&amp;frage=zwei" in page
    assert "Teilnahme (live)" not in page  # one table at a time
    page = results_client.get(URL_RESULTS + "?ansicht=kompakt&frage=zwei").content.decode()
    assert 'id="frage-zwei"' in page and 'id="frage-eins"' not in page
    assert "Frage 2 von 2" in page and "frage=eins" in page
    assert results_client.get(URL_RESULTS + "?ansicht=kompakt&frage=<x>").status_code == 200
    assert "Kompakte Ansicht" in results_client.get(URL_RESULTS).content.decode()


def test_results_pdf_holds_the_suppressed_numbers(results_client):
    import io

    from pypdf import PdfReader

    response = results_client.get(URL_RESULTS + "pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="auswertung-kompakt.pdf"'
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Auswertung: Testumfrage" in text and "Erste Frage?" in text
    assert "< 5" in text  # the 2 "Nein" of the first question are hidden …
    assert " 2 " not in text.split("Erste Frage?")[1].split("Zweite Frage?")[0]  # … not shown


def test_results_pdf_needs_the_office_and_fetches_nothing(client):
    from bildungsportal.core.pdf import html_to_pdf, no_network_fetcher

    assert client.get(URL_RESULTS + "pdf/").status_code == 302
    client.force_login(factories.user("vhs", providers=[factories.provider()]))
    assert client.get(URL_RESULTS + "pdf/").status_code == 403
    # A document that points elsewhere is rendered without fetching it.
    pdf = html_to_pdf('<p>x</p><img src="http://127.0.0.1:9/x.png">'
                      '<link rel="stylesheet" href="http://example.org/a.css">')
    assert pdf.startswith(b"%PDF")
    with pytest.raises(ValueError, match="lädt nichts nach"):
        no_network_fetcher().fetch("http://127.0.0.1:9/x.png")


# -- the pupil branch says "du" ----------------------------------------------------------
FORMAL = re.compile(r"\b(Sie|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihnen)\b")


def test_pupil_branch_never_switches_to_formal_address(survey):  # noqa: F811
    from bildungsportal.surveys.models import Page, translate

    pupil = {"question": "gruppe", "op": "equals", "value": "schueler"}
    pages = Page.objects.filter(version=survey.current_version()).order_by("position")
    seen = []
    for page in pages[1:]:  # after "Wer füllt den Fragebogen aus?" the branch begins
        if page.condition and page.condition != pupil:
            continue  # the adults' page
        seen.append(page.code)
        texts = [translate(page.title, "de")]
        for question in page.questions.all():
            if question.condition and question.condition != pupil:
                continue
            texts += [translate(question.text, "de"), translate(question.help_text, "de")]
            texts += [translate(choice.label, "de") for choice in question.choices.all()]
        formal = [text for text in texts if text and FORMAL.search(text)]
        assert formal == [], page.code
    assert "schule" in seen and "angaben" in seen
    assert not FORMAL.search(translate(survey.thank_you, "de"))
