"""The public survey pages in English (?lang=en): the buttons, headings, hints and messages come
from the English catalog (bildungsportal/surveys/locale/en), the survey texts from the template
survey's "en" texts. Each German UI string checked for absence is first shown to be on the
German version of the same page, so the absence checks cannot pass by accident.

The page frame of base.html (skip link, header, navigation, footer, meta description, <html lang>)
follows the active language too (bildungsportal/core/locale/en); every other page stays German."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from bildungsportal.pages import selectors
from bildungsportal.surveys.models import PrizeDrawEntry, Response, Survey
from tests import factories
from tests.test_surveys_one_page import all_adult_answers, survey  # noqa: F401

pytestmark = pytest.mark.django_db

START = "/umfrage/bildungsumfrage/"
ALL = "/umfrage/bildungsumfrage/alle/"
THANKS = "/umfrage/bildungsumfrage/danke/"
PRIVACY = "/umfrage/bildungsumfrage/datenschutz/"
RESUME_INVALID = "/umfrage/bildungsumfrage/weiter/kein-gueltiger-link/"

# The page frame of base.html for an anonymous visitor (core/locale/en).
FRAME_EN = [
    '<a class="skip-link" href="#inhalt">Skip to content</a>',
    '<meta name="description" content="All education offers in the district of Bergstraße in one '
    "place: courses, schools, day-care centres, counselling and further education for every "
    'stage of life.">',
    'aria-label="Quick search"',
    '<label for="header-q">Search offers</label>',
    'data-suggest-label="Suggestions" data-suggest-one="1 suggestion" '
    'data-suggest-many="{n} suggestions"',
    ">Search</button>",
    'aria-label="Account"',
    ">Log in</a>",
    'aria-label="Main navigation"',
    ">Offers</a>",
    ">Stages of life</a>",
    ">Places</a>",
    'aria-label="Legal"',
    ">Legal notice</a>",
    ">Privacy</a>",
    ">Accessibility</a>",
    "Bildungsportal Kreis Bergstraße – a service of the education office. No tracking and no "
    "third-party content.",
]
FRAME_DE = [
    '<a class="skip-link" href="#inhalt">Zum Inhalt springen</a>',
    '<meta name="description" content="Alle Bildungsangebote im Kreis Bergstraße an einem Ort',
    'aria-label="Schnellsuche"',
    '<label for="header-q">Angebote durchsuchen</label>',
    'data-suggest-label="Vorschläge" data-suggest-one="1 Vorschlag" '
    'data-suggest-many="{n} Vorschläge"',
    ">Suchen</button>",
    'aria-label="Konto"',
    ">Anmelden</a>",
    'aria-label="Hauptnavigation"',
    ">Angebote</a>",
    ">Lebensphasen</a>",
    ">Orte</a>",
    'aria-label="Rechtliches"',
    ">Impressum</a>",
    ">Datenschutz</a>",
    ">Barrierefreiheit</a>",
    "Bildungsportal Kreis Bergstraße – ein Angebot des Bildungsbüros. Ohne Tracking und ohne "
    "Inhalte von Dritten.",
]
# Only for a logged-in visitor, or while the catalog holds demo offerings.
FRAME_LOGGED_IN_EN = [">My account</a>", ">Provider area</a>", ">Log out</button>"]
FRAME_LOGGED_IN_DE = [">Mein Konto</a>", ">Anbieterbereich</a>", ">Abmelden</button>"]
DEMO_CATALOG_EN = [
    "<strong>Demo data:</strong> This catalogue contains made-up sample offers. Providers, "
    "dates, places and prices are not real."
]
DEMO_CATALOG_DE = [
    "<strong>Demo-Daten:</strong> Dieser Katalog enthält erfundene Beispielangebote."
]

# UI strings of layout.html, on every survey page.
LAYOUT_EN = ["Demo survey:", "Survey language", "Privacy notice for this survey"]
LAYOUT_DE = ["Demo-Umfrage:", "Sprache der Umfrage", "Datenschutzhinweis zu dieser Umfrage"]

# all.html with question.html and the condition notes of paper.describe_condition.
ONE_PAGE_EN = [
    "All questions on one page – ",  # <title>
    ": all questions on one page</h1>",
    "You don't need an account.",
    "Some questions are only for some of the people taking part; they carry the note "
    "“Only fill in if …”.",
    "Answer page by page instead</a>",
    "Please leave this field empty",
    "Part 1 of 7:",
    "Part 7 of 7:",
    "(required)",
    "You can choose several answers.",
    "Other (please describe)",
    "Give each item a place: 1 is the most important.",
    "A number from 0 to 100.",
    "Only fill in if ",
    " was chosen for “Who is filling in the questionnaire?”.",
    ">Submit answers</button>",
]
ONE_PAGE_DE = [
    "Alle Fragen auf einer Seite",
    "alle Fragen auf einer Seite",
    "Sie brauchen kein Konto.",
    "Manche Fragen gelten nur für einen Teil der Befragten",
    "Lieber Seite für Seite antworten",
    "Bitte dieses Feld leer lassen",
    "Teil 1 von 7:",
    "Pflichtfrage",
    "Mehrere Antworten möglich.",
    "Sonstiges (bitte beschreiben)",
    "Vergeben Sie jedem Punkt einen Platz",
    "Eine Zahl von 0 bis 100.",
    "Nur ausfüllen, wenn",
    "gewählt wurde",
    "Antworten absenden",
]

START_EN = [
    "You don't need an account. We store no IP address",
    "Please leave this field empty",
    ">Start the survey</button>",
    "Would you like to see all the questions at once?",
    f'<a href="{ALL}?lang=en">All questions on one page</a>',
]
START_DE = [
    "Sie brauchen kein Konto.",
    "Bitte dieses Feld leer lassen",
    "Umfrage starten",
    "Sie möchten alle Fragen auf einmal sehen?",
    "Alle Fragen auf einer Seite",
]

ERRORS_EN = [
    "<title>Error: All questions on one page",
    "Please check your answers",
    "Who is filling in the questionnaire?</span>: Please answer this question.</a>",
    '<p class="field-error" id="id_q_gruppe-fehler">Please answer this question.</p>',
]
ERRORS_DE = ["Fehler:", "Bitte prüfen Sie Ihre Angaben", "Bitte beantworten Sie diese Frage."]

THANKS_EN = [
    "<title>Thank you – ",
    "<h1>Thank you!</h1>",
    "To the home page of the education portal",
]
THANKS_DE = ["Vielen Dank", "Zur Startseite des Bildungsportals"]

PRIZE_EN = [
    "Prize draw (optional)",
    "Your contact details are stored separately from your answers. Nobody can link them",
    '<label for="id_email">E-mail address</label>',
    "I agree that my details are stored only for the prize draw and deleted afterwards.",
    ">Take part in the prize draw</button>",
]
PRIZE_DE = [
    "Gewinnspiel (freiwillig)",
    "Ihre Kontaktdaten werden getrennt von Ihren Antworten gespeichert.",
    "E-Mail-Adresse",
    "Ich bin einverstanden",
    "Am Gewinnspiel teilnehmen",
]


def html_of(page, status=200):
    assert page.status_code == status
    return page.content.decode()


def survey_div_lang(html):
    """The lang of the survey container: the language the interface is in."""
    found = re.search(r'<div class="survey"( lang="([a-z-]+)")?>', html)
    assert found, "no survey container"
    return found.group(2) or "de"


def html_lang(html):
    found = re.search(r'<html lang="([a-z-]*)"[^>]*>', html)
    assert found, "no <html lang>"
    return found.group(1)


def assert_english(english_html, german_html, english, german):
    assert survey_div_lang(english_html) == "en"
    assert survey_div_lang(german_html) == "de"
    assert html_lang(english_html) == "en"
    assert html_lang(german_html) == "de"
    for text in english:
        assert text in english_html, f"English UI string missing: {text!r}"
        assert text not in german_html, f"not an English UI string: {text!r}"
    for text in german:
        assert text in german_html, f"not a German UI string of this page: {text!r}"
        assert text not in english_html, f"German UI string on the English page: {text!r}"


def post_all(client, data, lang):
    shown = client.get(ALL + ("?lang=en" if lang == "en" else ""))
    assert shown.status_code == 200
    payload = {"submission_key": shown.context["submission_key"], **data}
    if lang == "en":
        payload["lang"] = "en"
    return client.post(ALL, payload)


@pytest.mark.usefixtures("survey")
def test_one_page_form_in_english(client):
    english = html_of(client.get(ALL + "?lang=en"))
    german = html_of(Client().get(ALL))
    assert_english(english, german, LAYOUT_EN + ONE_PAGE_EN, LAYOUT_DE + ONE_PAGE_DE)
    # Survey texts come in English from the template survey, the condition note in English
    # around them.
    # The answer labels in the English quote style, in German unchanged.
    assert (
        "Only fill in if “I am an adult” was chosen for “Who is filling in the questionnaire?”."
        in english
    )
    assert "„" not in english
    assert (
        "Nur ausfüllen, wenn bei „Wer füllt den Fragebogen aus?“ „Ich bin erwachsen“ gewählt wurde."
        in german
    )
    assert '<input type="hidden" name="lang" value="en">' in english


@pytest.mark.usefixtures("survey")
def test_start_page_in_english_links_to_the_english_one_page_mode(client):
    english = html_of(client.get(START + "?lang=en"))
    german = html_of(Client().get(START))
    assert_english(english, german, LAYOUT_EN + START_EN, LAYOUT_DE + START_DE)


@pytest.mark.usefixtures("survey")
def test_empty_one_page_submit_shows_the_errors_in_english(client):
    english = html_of(post_all(client, {}, "en"))
    german = html_of(post_all(Client(), {}, "de"))
    assert_english(english, german, ERRORS_EN + ONE_PAGE_EN[1:],
                   ERRORS_DE + ONE_PAGE_DE)  # fmt: skip
    assert not Response.objects.exists()


@pytest.mark.usefixtures("survey")
def test_soft_notice_of_the_one_page_form_in_english(client):
    data = {**all_adult_answers(), "q_altersgruppe": ""}  # asked for, may stay empty
    english = html_of(post_all(client, data, "en"))
    german = html_of(post_all(Client(), data, "de"))
    assert_english(
        english, german,
        ["Some questions are still open",
         "You can still answer the questions – or simply click “Submit answers” again."],
        ["Einige Fragen sind noch offen", "auf „Antworten absenden“ klicken"],
    )  # fmt: skip
    assert not Response.objects.exists()


@pytest.mark.usefixtures("survey")
def test_thank_you_page_in_english(client):
    english = html_of(client.get(THANKS + "?lang=en"))
    german = html_of(Client().get(THANKS))
    assert_english(english, german, LAYOUT_EN + THANKS_EN, LAYOUT_DE + THANKS_DE)
    assert "Prize draw" not in english  # no ticket, no prize draw form


@pytest.mark.usefixtures("survey")
def test_prize_draw_after_an_english_submit_is_in_english(client):
    german_client = Client()
    done = post_all(client, {**all_adult_answers(), "soft_ok": "1"}, "en")
    assert done.status_code == 302 and done["Location"] == THANKS + "?lang=en"
    german_done = post_all(german_client, {**all_adult_answers(), "soft_ok": "1"}, "de")
    assert german_done["Location"] == THANKS
    english = html_of(client.get(done["Location"]))
    german = html_of(german_client.get(THANKS))
    assert_english(english, german, THANKS_EN + PRIZE_EN, THANKS_DE + PRIZE_DE)
    # An incomplete entry: the errors in English, the consent named "Consent".
    english = html_of(client.post(THANKS + "?lang=en", {"name": "Erika"}))
    german = html_of(german_client.post(THANKS, {"name": "Erika"}))
    assert_english(english, german, ["Please check your answers", "Consent</span>:"],
                   ["Bitte prüfen Sie Ihre Angaben", "Einverständnis"])  # fmt: skip
    entered = client.post(
        THANKS + "?lang=en", {"name": "Erika", "email": "erika@example.org", "consent": "on"}
    )
    assert "You are taking part in the prize draw." in html_of(entered)
    assert "Sie nehmen am Gewinnspiel teil" not in html_of(entered)
    assert PrizeDrawEntry.objects.count() == 1


@pytest.mark.usefixtures("survey")
def test_privacy_closed_and_too_many_pages_in_english(client, settings):
    english = html_of(client.get(PRIVACY + "?lang=en"))
    german = html_of(Client().get(PRIVACY))
    assert_english(english, german, ["<h1>Privacy notice: ", "Back to the survey</a>"],
                   ["<h1>Datenschutzhinweis: ", "Zurück zur Umfrage"])  # fmt: skip
    # The way back keeps the language.
    assert f'<a href="{START}?lang=en">Back to the survey</a>' in english
    assert f'<a href="{START}">Zurück zur Umfrage</a>' in german
    settings.SURVEY_RATE_LIMIT = 0
    english = html_of(post_all(client, {}, "en"), status=429)
    german = html_of(post_all(Client(), {}, "de"), status=429)
    assert_english(english, german, ["<h1>Too many requests</h1>", "Please try again in a few"],
                   ["Zu viele Anfragen", "Bitte versuchen Sie es in einigen Minuten"])  # fmt: skip
    Survey.objects.filter(slug="bildungsumfrage").update(closes_at=timezone.now())
    english = html_of(client.get(ALL + "?lang=en"))
    german = html_of(Client().get(ALL))
    assert_english(
        english,
        german,
        ["This survey has closed.", "To the home page of the education portal"],
        ["Diese Umfrage ist beendet.", "Zur Startseite des Bildungsportals"],
    )


@pytest.mark.parametrize("url", [ALL, START, THANKS, PRIVACY])
@pytest.mark.usefixtures("survey")
def test_html_element_and_page_frame_follow_the_language(client, url):
    english = html_of(client.get(url + "?lang=en"))
    german = html_of(Client().get(url))
    assert_english(english, german, FRAME_EN, FRAME_DE)


@pytest.mark.usefixtures("survey")
def test_page_frame_for_logged_in_visitors_and_demo_catalog(client, monkeypatch):
    monkeypatch.setattr(selectors, "catalog_is_demo", lambda: True)
    client.force_login(factories.user("anbieter"))
    german_client = Client()
    german_client.force_login(factories.user("buero", office=True))
    english = html_of(client.get(START + "?lang=en"))
    german = html_of(german_client.get(START))
    assert_english(
        english,
        german,
        FRAME_EN[:7] + FRAME_EN[8:] + FRAME_LOGGED_IN_EN + DEMO_CATALOG_EN,
        FRAME_DE[:7] + FRAME_DE[8:] + FRAME_LOGGED_IN_DE + DEMO_CATALOG_DE,
    )
    assert ">Log in</a>" not in english and ">Anmelden</a>" not in german


@pytest.mark.usefixtures("survey")
def test_pages_outside_the_surveys_stay_german(client):
    # Even right after an English survey page in the same session.
    assert html_lang(html_of(client.get(START + "?lang=en"))) == "en"
    for url in ("/", "/nicht-vorhanden/", "/?lang=en"):
        html = html_of(client.get(url), status=404 if "nicht" in url else 200)
        assert html_lang(html) == "de", url
        for text in FRAME_DE:
            assert text in html, f"German frame string missing on {url}: {text!r}"
        for text in FRAME_EN:
            assert text not in html, f"English frame string on {url}: {text!r}"


@pytest.mark.usefixtures("survey")
def test_invalid_resume_link_in_english_keeps_the_language(client):
    english = html_of(client.get(RESUME_INVALID + "?lang=en"), status=404)
    german = html_of(Client().get(RESUME_INVALID), status=404)
    assert_english(
        english,
        german,
        FRAME_EN + ["<h1>This link no longer works</h1>",
                    f'<a href="{START}?lang=en">Start the survey again</a>'],
        FRAME_DE + ["<h1>Dieser Link gilt nicht mehr</h1>",
                    f'<a href="{START}">Die Umfrage neu beginnen</a>'],
    )  # fmt: skip


@pytest.mark.usefixtures("survey")
def test_print_version_quotes_follow_the_language(client):
    english = html_of(client.get(START + "druck/?lang=en"))
    german = html_of(client.get(START + "druck/"))
    assert "Only fill in if “I am an adult” was chosen for" in english
    assert "„I am an adult“" not in english
    assert "„Ich bin erwachsen“ gewählt wurde" in german
    assert html_lang(english) == "en" and html_lang(german) == "de"


@pytest.mark.usefixtures("survey")
def test_opening_day_and_home_link_on_an_english_closed_page(client):
    opens = timezone.make_aware(timezone.datetime(2027, 3, 5, 9, 0))
    Survey.objects.filter(slug="bildungsumfrage").update(opens_at=opens)
    english = html_of(client.get(ALL + "?lang=en"))
    german = html_of(Client().get(ALL))
    assert "March 5, 2027" in english and "5. März 2027" not in english
    assert "5. März 2027" in german
    # The portal's home page exists in English too (/en/): the link leads there.
    assert '<a href="/en/">To the home page' in english
    assert '<a href="/">Zur Startseite' in german


@pytest.mark.usefixtures("survey")
def test_continue_later_link_keeps_english(client):
    client.post(START + "?lang=en", {"action": "start", "lang": "en", "k": "", "code": "",
                                     "website": ""})  # fmt: skip
    page = client.post(START + "?lang=en", {"action": "later", "page": "0"})
    link = page.context["link"]
    assert re.search(r"/umfrage/bildungsumfrage/weiter/[\w-]+/\?lang=en$", link)
    german = Client()
    german.post(START, {"action": "start", "lang": "de", "k": "", "code": "", "website": ""})
    assert "?lang" not in german.post(START, {"action": "later", "page": "0"}).context["link"]


@pytest.mark.usefixtures("survey")
def test_live_condition_announcements_in_english(client):
    english = html_of(client.get(ALL + "?lang=en"))
    german = html_of(Client().get(ALL))
    assert_english(
        english, german,
        ['data-hidden-many="{n} questions hidden that do not apply to you."',
         'data-shown-one="1 question shown that now applies to you."'],
        ['data-hidden-many="{n} Fragen ausgeblendet, die für Sie nicht gelten."',
         'data-shown-one="1 Frage eingeblendet, die jetzt für Sie gilt."'],
    )  # fmt: skip
