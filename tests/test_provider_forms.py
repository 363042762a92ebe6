"""Issue 13, point 7: forms providers can finish — the topic tree in groups, and a long list
of offerings that can be searched and filtered (state in the URL)."""

import re

import pytest
from django.urls import reverse

from bildungsportal.catalog import models as catalog
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    data = factories.small_catalog()
    data["staff"] = factories.user("vhs", providers=[data["vhs"]])
    return data


def test_offering_form_groups_topics_by_first_level(client, data):
    vocab = data["vocab"]
    catalog.Topic.objects.create(slug="franzoesisch", name="Französisch",
                                 parent=vocab["languages"])
    client.force_login(data["staff"])
    html = client.get(reverse("backoffice:offering-create", args=[data["vhs"].pk])).content
    html = html.decode()
    groups = re.findall(r'<details class="bo-topic-group"[^>]*>\s*<summary>([^<]+)', html)
    assert groups == ["Gesundheit", "Sprachen"] or groups == ["Sprachen", "Gesundheit"]
    sprachen = html.split("<summary>Sprachen")[1].split("</details>")[0]
    labels = re.findall(r"<label for=\"id_topics_\d+\">([^<]+)</label>", sprachen)
    assert labels == ["Sprachen (allgemein)", "Englisch", "Französisch"]
    assert html.count('name="topics"') == 4  # every topic still one checkbox


def test_groups_with_a_ticked_topic_are_open_and_errors_open_all(client, data):
    client.force_login(data["staff"])
    english = data["english"]
    html = client.get(reverse("backoffice:offering-edit", args=[english.pk])).content.decode()
    assert '<details class="bo-topic-group" open>\n    <summary>Sprachen' in html
    assert "(1 gewählt)" in html
    assert '<details class="bo-topic-group">\n    <summary>Gesundheit' in html
    response = client.post(reverse("backoffice:offering-create", args=[data["vhs"].pk]),
                           {"title": "Ohne Thema"})
    page = response.content.decode()
    assert "Bitte wählen Sie mindestens ein Thema." in page
    assert page.count('<details class="bo-topic-group" open>') == 2


def test_own_list_searches_titles_and_filters_by_life_phase_and_topic(client, data):
    client.force_login(data["staff"])
    url = reverse("backoffice:home")

    def titles(query):
        page = client.get(url + query).content.decode()
        return sorted(set(re.findall(r"(Englisch für Anfänger|Erste Hilfe am Kind|"
                                     r"Geheimer Entwurf)</a>", page)))

    assert titles("") == ["Englisch für Anfänger", "Erste Hilfe am Kind", "Geheimer Entwurf"]
    assert titles("?q=hilfe") == ["Erste Hilfe am Kind"]
    assert titles("?q=englisch+anf") == ["Englisch für Anfänger"]
    assert titles("?lebensphase=bildung-im-alter") == ["Erste Hilfe am Kind"]
    # A first-level topic finds offerings of its subtopics (Englisch under Sprachen).
    assert titles("?thema=sprachen") == ["Englisch für Anfänger", "Geheimer Entwurf"]
    assert titles("?thema=sprachen&status=draft") == ["Geheimer Entwurf"]
    assert titles("?thema=gesundheit&q=englisch") == []
    assert titles("?thema=gibt-es-nicht&lebensphase=<b>") == titles("")
    page = client.get(url + "?q=hilfe&thema=gesundheit").content.decode()
    assert 'name="q" value="hilfe"' in page and '<option value="gesundheit" selected>' in page


def test_list_filter_state_survives_paging(client, data):
    vocab = data["vocab"]
    for number in range(30):
        factories.offering(data["vhs"], vocab, f"Yoga {number:02d}", topics=[vocab["health"]])
    client.force_login(data["staff"])
    page = client.get(reverse("backoffice:home") + "?q=yoga&thema=gesundheit").content.decode()
    assert "30 Angebote" in page
    assert "?q=yoga&amp;thema=gesundheit&amp;page=2" in page
