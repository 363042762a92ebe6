"""The survey answered in the site's six languages (?lang=de|en|tr|ar|uk|ru).

The interface (buttons, hints, messages) comes from bildungsportal/surveys/locale/<lang>, the
texts of the template survey from its data; the answers stored are the same codes in every
language. Arabic pages are right to left. An unknown language is German, never an error.
English has its own, more detailed tests in test_surveys_english.py."""

import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from bildungsportal.catalog.models import Topic
from bildungsportal.surveys import catalog_choices
from bildungsportal.surveys.models import Response, Survey
from bildungsportal.surveys.template import TEMPLATE_PATH
from tests import test_surveys_answer as multi
from tests.test_surveys_one_page import all_adult_answers, stored, survey  # noqa: F401

pytestmark = pytest.mark.django_db

START = "/umfrage/bildungsumfrage/"
ALL = "/umfrage/bildungsumfrage/alle/"
THANKS = "/umfrage/bildungsumfrage/danke/"
PRIVACY = "/umfrage/bildungsumfrage/datenschutz/"
LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru")

# Known interface strings per language: start button, submit button, "next", the required
# message, the privacy link, the thank-you heading.
UI = {
    "de": ("Umfrage starten", "Antworten absenden", "Weiter", "Bitte beantworten Sie diese Frage.",
           "Datenschutzhinweis zu dieser Umfrage", "Vielen Dank!"),
    "en": ("Start the survey", "Submit answers", "Next", "Please answer this question.",
           "Privacy notice for this survey", "Thank you!"),
    "tr": ("Ankete başla", "Yanıtları gönder", "İleri", "Lütfen bu soruyu yanıtlayın.",
           "Bu anketle ilgili veri koruma bilgilendirmesi", "Çok teşekkürler!"),
    "ar": ("ابدأ الاستبيان", "إرسال الإجابات", "التالي", "يُرجى الإجابة عن هذا السؤال.",
           "إشعار حماية البيانات لهذا الاستبيان", "شكرًا جزيلًا!"),
    "uk": ("Почати опитування", "Надіслати відповіді", "Далі",
           "Будь ласка, дайте відповідь на це запитання.",
           "Інформація про захист даних у цьому опитуванні", "Щиро дякуємо!"),
    "ru": ("Начать опрос", "Отправить ответы", "Далее", "Пожалуйста, ответьте на этот вопрос.",
           "Информация о защите данных в этом опросе", "Большое спасибо!"),
}  # fmt: skip
# The first question of the template, as the survey's data says it.
FIRST_QUESTION = {
    "de": "Wer füllt den Fragebogen aus?",
    "en": "Who is filling in the questionnaire?",
    "tr": "Anketi kim dolduruyor?",
    "ar": "من يملأ الاستبيان؟",
    "uk": "Хто заповнює анкету?",
    "ru": "Кто заполняет анкету?",
}
NAMES = {"de": "Deutsch", "en": "English", "tr": "Türkçe", "ar": "العربية",
         "uk": "Українська", "ru": "Русский"}  # fmt: skip


def query(lang):
    return "" if lang == "de" else f"?lang={lang}"


def html_of(page, status=200):
    assert page.status_code == status
    return page.content.decode()


def html_element(html):
    found = re.search(r"<html ([^>]*)>", html)
    assert found, "no <html>"
    return found.group(1)


def others(lang):
    return [code for code in LANGUAGES if code != lang]


def post_all(client, data, lang):
    shown = client.get(ALL + query(lang))
    assert shown.status_code == 200
    return client.post(ALL, {"submission_key": shown.context["submission_key"], "lang": lang,
                             **data})  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.usefixtures("survey")
def test_start_page_speaks_the_language(client, lang):
    html = html_of(client.get(START + query(lang)))
    start_button, _submit, _next, _required, privacy, _thanks = UI[lang]
    assert f'<html lang="{lang}"' in html
    assert f'<div class="survey" lang="{lang}">' in html or lang == "de"
    assert f">{start_button}</button>" in html
    assert privacy in html
    for other in others(lang):
        assert f">{UI[other][0]}</button>" not in html, other
    # The survey's own texts in that language too, with the link to the one-page form.
    title = json.loads(TEMPLATE_PATH.read_text(encoding="utf-8"))["title"][lang]
    assert title in html
    assert f'href="{ALL}{query(lang)}"' in html


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.usefixtures("survey")
def test_only_arabic_is_right_to_left(client, lang):
    for url in (START, ALL, THANKS, PRIVACY, START + "druck/"):
        element = html_element(html_of(client.get(url + query(lang))))
        assert ('dir="rtl"' in element) == (lang == "ar"), (url, element)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.usefixtures("survey")
def test_language_chooser_names_each_language_in_itself(client, lang):
    html = html_of(client.get(START + query(lang)))
    chooser = re.search(r'<nav class="survey-languages" aria-label="([^"]+)">(.*?)</nav>', html,
                        re.S)  # fmt: skip
    assert chooser, "no language chooser"
    links = re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+"( aria-current="true")?>'
                       r"([^<]+)</a>", chooser.group(2))  # fmt: skip
    assert [(code, name) for _url, code, _c, name in links] == list(NAMES.items())
    assert [code for _url, code, current, _n in links if current] == [lang]
    assert all(url == f"{START}?lang={code}" for url, code, _c, _n in links)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.usefixtures("survey")
def test_one_page_form_and_its_errors_in_the_language(client, lang):
    _start, submit, _next, required, _privacy, _thanks = UI[lang]
    form = html_of(client.get(ALL + query(lang)))
    assert f">{submit}</button>" in form
    assert FIRST_QUESTION[lang] in form
    assert f'<input type="hidden" name="lang" value="{lang}">' in form
    errors = html_of(post_all(client, {}, lang))
    assert f'<p class="field-error" id="id_q_gruppe-fehler">{required}</p>' in errors
    for other in others(lang):
        assert UI[other][3] not in errors, other
    assert not Response.objects.exists()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.usefixtures("survey")
def test_whole_template_on_one_page_stores_the_same_codes_in_every_language(client, lang):
    german = post_all(Client(), {**all_adult_answers(), "soft_ok": "1"}, "de")
    assert german.status_code == 302
    done = post_all(client, {**all_adult_answers(), "soft_ok": "1"}, lang)
    assert done.status_code == 302 and done["Location"] == THANKS + query(lang)
    reference, response = Response.objects.order_by("pk")
    assert (reference.language, response.language) == ("de", lang)
    assert stored(response) == stored(reference)
    assert ("hindernisse", "", "", None, "", "Pflege der Eltern", "") in stored(response)
    thanks = html_of(client.get(done["Location"]))
    assert f"<h1>{UI[lang][5]}</h1>" in thanks


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.usefixtures("survey")
def test_whole_template_page_by_page_stores_the_same_codes_in_every_language(client, lang):
    multi.start(Client(), lang="de")
    reference_client = Client()
    multi.run_through(reference_client, multi.adult_answers(), lang="de")
    multi.start(client, url=START + query(lang), lang=lang)
    page = html_of(client.get(START))  # the response remembers its language
    assert f">{UI[lang][2]}</button>" in page and FIRST_QUESTION[lang] in page
    last = multi.run_through(client, multi.adult_answers(), url=START + query(lang), lang=lang)
    assert last["Location"] == THANKS + query(lang)
    done = Response.objects.filter(submitted_on__isnull=False).order_by("pk")
    assert [r.language for r in done] == ["de", lang]
    assert stored(done[1]) == stored(done[0])


@pytest.mark.parametrize("wanted", ["xx", "fr", "AR", "../de", "ar" * 200, ""])
@pytest.mark.usefixtures("survey")
def test_unknown_language_is_german_never_an_error(client, wanted):
    for url in (START, ALL, THANKS, PRIVACY):
        html = html_of(client.get(url, {"lang": wanted}))
        assert '<html lang="de"' in html and 'dir="rtl"' not in html, url
    errors = html_of(client.post(ALL, {"submission_key": "k" * 20, "lang": wanted}))
    assert UI["de"][3] in errors


@pytest.mark.parametrize("lang", ["ar", "uk", "ru", "tr"])
@pytest.mark.usefixtures("survey")
def test_condition_notes_in_the_language_with_its_quotes(client, lang):
    html = html_of(client.get(ALL + query(lang)))
    quotes = {"ar": "«", "uk": "«", "ru": "«", "tr": "“"}[lang]
    adult = json.loads(TEMPLATE_PATH.read_text(encoding="utf-8"))["pages"][0]["questions"][0][
        "choices"][1]["label"][lang]  # fmt: skip
    assert f"{quotes}{adult}" in html
    assert "Nur ausfüllen, wenn" not in html and "„" not in html


@pytest.mark.parametrize("lang", ["ar", "uk"])
@pytest.mark.usefixtures("survey")
def test_catalog_options_are_named_in_the_language(client, lang):
    names = {"ar": "اللغات", "uk": "Мови"}
    Topic.objects.filter(slug="sprachen").update(translations={lang: {"name": names[lang]}})
    catalog_choices.forget()
    html = html_of(client.get(ALL + query(lang)))
    assert f">{names[lang]}</label>" in html
    german = html_of(Client().get(ALL))
    assert ">Sprachen</label>" in german and names[lang] not in german
    # Fixed bands come from the catalog of their language.
    bands = {"ar": "حتى 5 كم", "uk": "до 5 км"}
    assert bands[lang] in html


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.usefixtures("survey")
def test_closed_page_date_and_home_link_in_the_language(client, lang):
    opens = timezone.make_aware(timezone.datetime(2027, 3, 5, 9, 0))
    Survey.objects.filter(slug="bildungsumfrage").update(opens_at=opens)
    html = html_of(client.get(ALL + query(lang)))
    month = {"de": "März", "en": "March", "tr": "Mart", "ar": "مارس", "uk": "березня",
             "ru": "марта"}[lang]  # fmt: skip
    assert month in html and "2027" in html
    home = "/" if lang == "de" else f"/{lang}/"
    assert f'<p><a href="{home}">' in html


def test_template_texts_exist_in_all_six_languages():
    data = json.loads(TEMPLATE_PATH.read_text(encoding="utf-8"))
    assert data["languages"] == list(LANGUAGES)
    texts = []

    def walk(node, path):
        if isinstance(node, dict):
            if "de" in node and all(isinstance(v, str) for v in node.values()):
                texts.append((path, node))
                return
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    walk(data, "")
    assert len(texts) > 70
    for path, text in texts:
        assert set(text) == set(LANGUAGES), path
        assert all(value.strip() for value in text.values()), path
        for lang in ("tr", "ar", "uk", "ru"):
            assert text[lang] != text["de"] or re.fullmatch(r"[\d–\- ]+", text["de"]), (path, lang)


@pytest.mark.parametrize("lang", ["ar", "ru"])
@pytest.mark.usefixtures("survey")
def test_thank_you_page_names_the_wished_topics_and_links_the_catalog_in_the_language(
    client, lang
):
    names = {"ar": "اللغات", "ru": "Языки"}
    Topic.objects.filter(slug="sprachen").update(translations={lang: {"name": names[lang]}})
    done = post_all(client, {**all_adult_answers(), "soft_ok": "1"}, lang)
    html = html_of(client.get(done["Location"]))
    see = {"ar": "عرض العروض المناسبة", "ru": "Посмотреть подходящие предложения"}[lang]
    assert f'<a class="button" href="/{lang}/angebote/?topic=sprachen">{see}</a>' in html
    assert names[lang] in html and "Gewünschte Themen" not in html
    german = Client()
    post_all(german, {**all_adult_answers(), "soft_ok": "1"}, "de")
    assert "Gewünschte Themen: Sprachen." in html_of(german.get(THANKS))
