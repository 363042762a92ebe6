"""Issue 13, point 2: slugs spell German out (Prüfung → pruefung) in one rule, old ones redirect."""

import importlib

import pytest
from django.apps import apps

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog.models import offering_slug, provider_slug
from bildungsportal.places.selectors import place_slug
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("text", "slug"), [
    ("Prüfung", "pruefung"),
    ("Straße", "strasse"),
    ("Ärzte", "aerzte"),
    ("Übungen für Ältere: Öl malen", "uebungen-fuer-aeltere-oel-malen"),
])
def test_one_german_rule_for_offerings_providers_and_towns(text, slug):
    assert offering_slug(text) == slug
    assert provider_slug(text) == slug
    assert place_slug(text) == slug


def test_saved_offerings_and_providers_get_german_slugs():
    vocab = factories.vocabularies()
    provider = factories.provider("Ärztekammer Straße")
    offering = factories.offering(provider, vocab, "Prüfung zur Fachkraft")
    assert provider.slug == "aerztekammer-strasse"
    assert offering.slug == "pruefung-zur-fachkraft"
    assert offering_slug("") == "angebot" and provider_slug("!!") == "anbieter"


def test_migration_rewrites_old_slugs_and_old_urls_redirect(client):
    vocab = factories.vocabularies()
    provider = factories.provider("Musikschule Fürth")
    offering = factories.offering(provider, vocab, "Prüfung Straße")
    factories.run(offering)
    catalog.Offering.objects.filter(pk=offering.pk).update(slug="prufung-strae")
    catalog.Provider.objects.filter(pk=provider.pk).update(slug="musikschule-furth")

    migration = importlib.import_module("bildungsportal.catalog.migrations.0005_german_slugs")
    migration.rewrite(apps, None)

    offering.refresh_from_db()
    provider.refresh_from_db()
    assert offering.slug == "pruefung-strasse"
    assert provider.slug == "musikschule-fuerth"
    old = client.get(f"/angebote/{offering.pk}-prufung-strae/")
    assert old.status_code == 301 and old["Location"] == offering.get_absolute_url()
    old = client.get(f"/anbieter/{provider.pk}-musikschule-furth/")
    assert old.status_code == 301 and old["Location"] == provider.get_absolute_url()
