"""Issue 14, "done when", as one person on a phone in Arabic: finds a German course near
Heppenheim in the evening, keeps two offerings, follows the search by e-mail (confirmation in
the test mailbox, a digest, one-click unsubscribe), asks the finder (every answer says why);
and a person who reads Leichte Sprache reaches a course list in at most three clicks."""

import re
from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from playwright.sync_api import expect

from bildungsportal.alerts.models import Subscription
from bildungsportal.catalog import models as catalog
from bildungsportal.search.indexing import rebuild_index
from tests import factories
from tests.browser.test_finder import PHONE, assert_every_result_says_why, data  # noqa: F401
from tests.factories import TODAY

pytestmark = pytest.mark.django_db(transaction=True)


def test_arabic_phone_search_keep_follow_find(page, live_server, data, request_log,  # noqa: F811
                                              assert_no_axe_violations):
    page.set_viewport_size(PHONE)
    page.goto("/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#header-q").fill("Deutsch")
    page.locator("#header-q").press("Enter")
    page.wait_for_url("**/ar/angebote/?q=Deutsch*")
    # The filters: evening, near Heppenheim (the filter box is folded on a phone).
    filters = page.locator("details:has(#filter-heading)")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()
    page.locator("#f-near").fill("Heppenheim")
    # A ticked box sends the form at once (site.js), the typed place with it.
    with page.expect_navigation():
        page.locator("input[name=time_of_day][value=abends]").check()
    assert "time_of_day=abends" in page.url
    results_url = page.url
    assert "near=Heppenheim" in results_url
    titles = page.locator(".hit h3").all_inner_texts()
    assert "Deutsch B1 – Abendkurs" in titles
    assert_no_axe_violations(page)

    # Keep two offerings: the course found, and one of its similar offerings.
    page.locator(".hit [id^=merken-]").first.click()
    expect(page.locator(".hit [id^=merken-]").first).to_have_class(re.compile("is-kept"))
    page.locator(".hit h3 a").first.click()
    page.locator(".finder-similar a").first.click()
    page.locator(".detail-side [id^=merken-]").click()
    expect(page.locator(".detail-side [id^=merken-]")).to_have_class(re.compile("is-kept"))
    page.goto("/ar/merkliste/")
    expect(page.locator(".watch-item")).to_have_count(2)
    assert_no_axe_violations(page)

    # Follow the search by e-mail: confirmation, a digest with the new course, unsubscribe.
    page.goto(results_url)
    page.locator(".follow-search > summary").click()
    page.locator("#folgen-email").fill("nachbarin@example.org")
    page.locator(".follow-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/ar/angebote/folgen/gesendet/"))
    assert len(mail.outbox) == 1 and not Subscription.objects.exists()
    confirm = re.search(r"https?://\S+/bestaetigen/\S+/", mail.outbox[0].body).group(0)
    page.goto(confirm)
    page.locator("main form button").click()
    expect(page.locator("main h1")).to_be_visible()
    subscription = Subscription.objects.get()
    assert subscription.email == "nachbarin@example.org" and subscription.language == "ar"

    vhs = catalog.Provider.objects.get(name="VHS Kreis Bergstraße")
    saal = catalog.Venue.objects.get(name="Kurfürstensaal")
    vocab = {"in_person": catalog.Format.objects.get(slug="praesenz"),
             "adults": catalog.LifePhase.objects.get(slug="weiterbildung-beruf"),
             "de": catalog.Language.objects.get(slug="de")}
    new = factories.offering(vhs, vocab, "Deutsch im Alltag am Abend",
                             topics=[catalog.Topic.objects.get(slug="deutsch-als-zweitsprache")])
    factories.run(new, saal, days=6, end_date=TODAY + timedelta(days=60), start_time=time(18),
                  end_time=time(20), recurrence=catalog.Run.Recurrence.WEEKLY)
    rebuild_index()
    # A week later (the subscription's frequency) the digest is due.
    week = timedelta(days=7, hours=1)
    Subscription.objects.update(checked_at=F("checked_at") - week,
                                created_at=F("created_at") - week)
    call_command("send_alerts", "--frequency", subscription.frequency,
                 "--base-url", live_server.url)
    digest = mail.outbox[-1]
    assert len(mail.outbox) == 2 and "Deutsch im Alltag am Abend" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(unsubscribe)
    assert Subscription.objects.exists()  # opening the link alone unsubscribes nobody
    page.locator("main form button").click()
    expect(page.locator("main h1")).to_be_visible()
    assert not Subscription.objects.exists()

    # The finder: every answer says why.
    page.goto("/ar/finden/?topic=deutsch-als-zweitsprache&town=heppenheim&when=abends")
    assert_every_result_says_why(page)
    assert_no_axe_violations(page)
    request_log.assert_same_origin()


def test_leichte_sprache_reaches_a_course_list_in_three_clicks(page, data):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto("/")
    clicks = 0
    page.locator(".easyread-bar a").click()
    clicks += 1
    expect(page.locator("h1")).to_have_text("Leichte Sprache")
    page.locator(".easy-links a").first.click()
    clicks += 1
    expect(page.locator(".hit").first).to_be_visible()
    assert "/angebote/?" in page.url and clicks <= 3
