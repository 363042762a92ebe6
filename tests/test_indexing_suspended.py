"""Bulk writers can suspend the per-row announcements of ORM edits (catalog/signals.py),
and with them the per-row re-indexing."""

import pytest

from bildungsportal.catalog.models import Run
from bildungsportal.catalog.signals import orm_announcements_suspended as indexing_suspended
from bildungsportal.search.models import IndexState
from tests import factories

pytestmark = pytest.mark.django_db


def version():
    return IndexState.objects.values_list("version", flat=True).first()


def test_deleting_runs_reindexes_per_row_unless_suspended():
    town = factories.town()
    vocab = factories.vocabularies()
    offering = factories.offering(factories.provider(municipality=town), vocab)
    venue = factories.venue(town)
    for days in (5, 6, 7):
        factories.run(offering, venue, days=days)
    before = version()
    with indexing_suspended():
        Run.objects.filter(offering=offering).delete()
    assert version() == before
    Run.objects.create(offering=offering, venue=venue, start_date=factories.TODAY)
    assert version() != before
