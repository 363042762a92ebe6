"""The privacy notice explains the Merkliste, search alerts, the finder and the rate limits
in six languages (core migration 0005), and leaves a page the office edited alone."""

import importlib

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from bildungsportal.core.models import Page

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "bildungsportal.core.migrations.0005_privacy_notice_new_features")
CODES = [code for code, _name in settings.LANGUAGES]
PREFIX = {code: "" if code == "de" else f"/{code}" for code in CODES}
# One phrase per new section (Merkliste, alerts, finder, rate limit) in each language.
PHRASES = {
    "de": ["Cookie namens „merkliste“", "Bis Sie bestätigen, speichern wir nichts",
           "Ihre Antworten bei „Was passt zu mir?“", "bei IPv6 die ersten vier Blöcke"],
    "en": ["cookie called “merkliste”", "Until you confirm, we store nothing",
           "your answers in “What suits me?”", "for IPv6 the first four blocks"],
    "tr": ["“merkliste” adlı bir çerezde", "Siz onaylayana kadar hiçbir şey saklamayız",
           "“Bana ne uygun?” (/finden/) bölümündeki", "IPv6'da ilk dört blok"],
    "ar": ["اسمه «merkliste»", "لا نحفظ شيئًا قبل أن تؤكد", "إجاباتك في «ما المناسب لي؟»",
           "الكتل الأربع الأولى"],
    "uk": ["з назвою «merkliste»", "Поки ви не підтвердите, ми нічого не зберігаємо",
           "Ваші відповіді в розділі «Що мені підходить?»", "для IPv6 – перші чотири блоки"],
    "ru": ["с именем «merkliste»", "Пока вы не подтвердите, мы ничего не сохраняем",
           "Ваши ответы в разделе «Что мне подходит?»", "для IPv6 – первые четыре блока"],
}
# The old text's last section, which stays last, in each language.
KEPT = {"de": "<h2>Ihre Rechte</h2>", "en": "<h2>Your rights</h2>", "tr": "<h2>Haklarınız</h2>",
        "ar": "<h2>حقوقك</h2>", "uk": "<h2>Ваші права</h2>", "ru": "<h2>Ваши права</h2>"}


def historical_apps():
    """The models as migration 0005 sees them (no custom save(), like a real migrate run)."""
    return MigrationLoader(connection).project_state(
        ("core", "0005_privacy_notice_new_features")).apps


def shipped_state():
    """Put the page back to what a site had before 0005: the 0002 text, 0004's translations."""
    before, _after = MIGRATION.texts()
    Page.objects.filter(slug="datenschutz").update(
        title="Datenschutz", body=before["de"][1],
        translations={code: {"title": title, "body": body}
                      for code, (title, body) in before.items() if code != "de"})


def flat(text):
    return " ".join(text.split())


def test_every_language_has_the_sections():
    assert set(MIGRATION.SECTIONS) == set(CODES)
    for code in CODES:
        assert MIGRATION.SECTIONS[code].count("<h2>") == 4, code


@pytest.mark.parametrize("code", CODES)
def test_fresh_install_shows_the_new_sections(client, code):
    """The test database ran every migration: this is what a fresh install shows."""
    html = " ".join(client.get(f"{PREFIX[code]}/datenschutz/").content.decode().split())

    for phrase in [*PHRASES[code], KEPT[code]]:
        assert phrase in html, (code, phrase)
    assert "nur auf Deutsch verfügbar" not in html
    # the new sections come before the rights, which stay the last section
    assert html.index(PHRASES[code][3]) < html.index(KEPT[code])
    body = html[html.index('<div class="page-body"'):html.index("</article>")]
    assert body.count("<h2>") == 4 + 5  # the new sections and the five of the old text


@pytest.mark.parametrize("code", [code for code in CODES if code != "de"])
def test_fresh_install_translations_are_current(code):
    page = Page.objects.get(slug="datenschutz")

    assert not page.translations[code].get("outdated")
    assert page.translation(code) is not None
    assert PHRASES[code][0] in flat(page.translation(code)["body"])
    assert PHRASES["de"][0] in flat(page.body)


def test_updates_a_page_still_holding_the_shipped_text():
    shipped_state()

    MIGRATION.add_sections(historical_apps(), None)

    page = Page.objects.get(slug="datenschutz")
    assert PHRASES["de"][1] in flat(page.body) and "kein Tracking" in page.body
    for code in CODES[1:]:
        assert PHRASES[code][1] in flat(page.translation(code)["body"]), code


def test_a_page_saved_unchanged_in_the_admin_counts_as_unedited():
    """Page.save cleans the HTML (and drops the translations' <span lang="de">): still ours."""
    shipped_state()
    page = Page.objects.get(slug="datenschutz")
    page.translations = {code: {**entry, "body": entry["body"].replace('<span lang="de">', "")
                                .replace("</span>", "")}
                         for code, entry in page.translations.items()}
    page.save()

    MIGRATION.add_sections(historical_apps(), None)

    page.refresh_from_db()
    assert PHRASES["de"][2] in flat(page.body)
    assert all(page.translation(code) for code in CODES[1:])


def test_an_edited_page_is_left_untouched():
    shipped_state()
    page = Page.objects.get(slug="datenschutz")
    page.body = page.body.replace("[Anschrift wie im Impressum]", "Gräffstraße 5, 64646 Heppenheim")
    page.save()
    page.refresh_from_db()
    before = (page.body, page.translations, page.updated_at)

    MIGRATION.add_sections(historical_apps(), None)

    page.refresh_from_db()
    assert (page.body, page.translations, page.updated_at) == before
    assert "merkliste" not in page.body
    assert all(entry["outdated"] for entry in page.translations.values())  # Page.save's doing


def test_a_translation_written_by_the_office_is_kept_and_marked_outdated(client):
    shipped_state()
    page = Page.objects.get(slug="datenschutz")
    page.translations["en"] = {"title": "Data protection", "body": "<p>Our own words.</p>"}
    Page.objects.filter(pk=page.pk).update(translations=page.translations)

    MIGRATION.add_sections(historical_apps(), None)

    page.refresh_from_db()
    assert page.translations["en"] == {"title": "Data protection",
                                       "body": "<p>Our own words.</p>", "outdated": True}
    assert "Our own words" not in client.get("/en/datenschutz/").content.decode()
    assert page.translation("tr") and PHRASES["tr"][0] in flat(page.translation("tr")["body"])


def test_a_missing_page_is_not_created():
    Page.objects.filter(slug="datenschutz").delete()

    MIGRATION.add_sections(historical_apps(), None)

    assert not Page.objects.filter(slug="datenschutz").exists()


def test_reverse_restores_the_shipped_texts_and_forward_again_adds_them():
    before, after = MIGRATION.texts()
    apps = historical_apps()

    MIGRATION.remove_sections(apps, None)
    page = Page.objects.get(slug="datenschutz")
    assert page.body == before["de"][1]
    assert {code: entry["body"] for code, entry in page.translations.items()} == \
        {code: body for code, (_title, body) in before.items() if code != "de"}

    MIGRATION.add_sections(apps, None)
    page.refresh_from_db()
    assert page.body == after["de"][1]
    assert page.translation("ar")["body"] == after["ar"][1]


def test_reverse_leaves_a_page_edited_after_the_migration_alone():
    page = Page.objects.get(slug="datenschutz")
    page.body += "<p>Ergänzung des Bildungsbüros.</p>"
    page.save()
    page.refresh_from_db()
    body = page.body

    MIGRATION.remove_sections(historical_apps(), None)

    page.refresh_from_db()
    assert page.body == body
