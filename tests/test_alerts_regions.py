"""Alerts per region: a search followed on a region's site searches that region's catalog,
and its mails carry that site's name and host."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from bildungsportal.alerts.digests import send_alerts
from bildungsportal.alerts.models import Subscription
from bildungsportal.catalog import services
from tests import factories
from tests import test_region_search as region_search
from tests.test_alerts import later

# The two-region world of the search tests (Bergstraße with Bensheim, Odenwald with Erbach).
hosts, world, ODENWALD = region_search.hosts, region_search.world, region_search.ODENWALD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hosts")]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # the per-address sign-up counter
    yield
    cache.clear()


def follow(client, host):
    response = client.post("/angebote/folgen/", {"email": "leser@example.org",
                                                  "frequency": "daily", "query": ""},
                           headers={"host": host})
    assert response.status_code == 302
    link = re.search(r"https?://(\S+?)(/angebote/folgen/bestaetigen/\S+/)",
                     mail.outbox[-1].body)
    assert link and link.group(1) == host  # the confirmation link stays on the site
    assert client.post(link.group(2), headers={"host": host}).status_code == 200


def new_course(world, title, town_venue):
    def write():
        course = factories.offering(world["odw"], world["vocab"], title)
        factories.run(course, town_venue)
        return course
    return services.save_offering(write)[0]


def test_each_sites_subscription_hears_of_its_own_catalog_only(client, world):
    follow(client, ODENWALD["host"])
    follow(client, "testserver")
    odenwald = Subscription.objects.get(region=world["odenwald"])
    bergstrasse = Subscription.objects.get(region=world["bergstrasse"])
    assert odenwald.query == bergstrasse.query == ""  # one search, two sites: two rows

    new_course(world, "Apfelwein keltern in Erbach",
               factories.venue(world["erbach"], name="Kelterei"))
    bensheim = world["both"].runs.filter(venue__municipality__slug="bensheim").first().venue
    new_course(world, "Weinbau an der Bergstraße", bensheim)
    mail.outbox.clear()
    assert send_alerts(now=later(1)) == (2, 2, 0)

    odw = next(m for m in mail.outbox if "Apfelwein" in m.body)
    assert "Weinbau" not in odw.body
    assert "https://odenwald.example/" in odw.body
    assert "Bildungsportal Odenwaldkreis" in odw.body
    bst = next(m for m in mail.outbox if "Weinbau" in m.body)
    assert "Apfelwein" not in bst.body and "odenwald.example" not in bst.body
    assert len(mail.outbox) == 2
