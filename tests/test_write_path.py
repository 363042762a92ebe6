"""The catalog's one write path (catalog/services.py): each call announces once, search and
the change history follow the announcement, and a failure leaves nothing behind."""

import pytest
from django.db import IntegrityError

from bildungsportal.backoffice.models import OfferingChange
from bildungsportal.catalog import services
from bildungsportal.catalog.models import Offering, Run
from bildungsportal.catalog.signals import Action, offerings_changed
from bildungsportal.search.models import SearchDocument
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Every announcement sent while the test runs."""
    changes = []

    def listen(sender, change, **kwargs):
        changes.append(change)

    offerings_changed.connect(listen, weak=False, dispatch_uid="test-heard")
    yield changes
    offerings_changed.disconnect(dispatch_uid="test-heard")


@pytest.fixture
def data():
    town = factories.town()
    vocab = factories.vocabularies()
    provider = factories.provider(municipality=town)
    return {"town": town, "vocab": vocab, "provider": provider,
            "venue": factories.venue(town, provider=provider),
            "editor": factories.user("redaktion", office=True)}


def plan(data, title, external_id, *, pk=None, status="published"):
    vocab = data["vocab"]
    return services.OfferingPlan(
        {"provider_id": data["provider"].pk, "title": title, "format_id": vocab["in_person"].pk,
         "status": status, "source": "test", "external_id": external_id},
        {"topics": [vocab["english"].pk], "life_phases": [vocab["adults"].pk],
         "languages": [vocab["de"].pk]},
        [{"start_date": factories.TODAY, "venue_id": data["venue"].pk}],
        pk=pk,
    )


def test_bulk_save_announces_once_indexes_and_writes_history_only_when_asked(data, heard):
    result = services.save_offerings(
        [plan(data, "Englisch A1", "1"), plan(data, "Yoga", "2")], action=Action.IMPORTED
    )
    (change,) = heard
    assert change.action == "imported" and not change.wants_history
    assert sorted(change.offering_ids) == sorted(result.changed_ids)
    assert SearchDocument.objects.count() == 2 and Run.objects.count() == 2
    assert not OfferingChange.objects.exists()

    english = Offering.objects.get(external_id="1")
    again = [plan(data, "Englisch A1", "1", pk=english.pk),
             plan(data, "Englisch A2", "2", pk=Offering.objects.get(external_id="2").pk)]
    result = services.save_offerings(again, actor=data["editor"], history=True, note="Upload")
    assert len(result.unchanged) == 1 and len(result.updated) == 1
    assert len(heard) == 2 and heard[1].offering_ids == (result.updated[0].pk,)
    (entry,) = OfferingChange.objects.all()
    assert entry.action == "imported" and entry.user == data["editor"]
    assert entry.changes["title"] == ["Yoga", "Englisch A2"] and entry.note == "Upload"
    assert SearchDocument.objects.filter(title__contains="a2").exists()


def test_a_failing_bulk_save_rolls_back_offerings_index_and_history(data, heard):
    def fail_after_everyone_else(sender, change, **kwargs):
        raise IntegrityError("a listener after search and history fails")

    existing = factories.offering(data["provider"], data["vocab"], title="Bleibt")
    heard.clear()
    offerings_changed.connect(fail_after_everyone_else, weak=False, dispatch_uid="test-fail")
    try:
        with pytest.raises(IntegrityError):
            services.save_offerings(
                [plan(data, "Neu", "n"), plan(data, "Geändert", "e", pk=existing.pk)],
                actor=data["editor"], history=True,
            )
    finally:
        offerings_changed.disconnect(dispatch_uid="test-fail")
    assert len(heard) == 1  # search and history did their work, then all was rolled back
    assert list(Offering.objects.values_list("title", flat=True)) == ["Bleibt"]
    assert not OfferingChange.objects.exists()
    assert list(SearchDocument.objects.values_list("offering_id", flat=True)) == [existing.pk]
    assert existing.runs.count() == 0


def test_single_save_announces_once_and_not_at_all_when_nothing_changed(data, heard):
    offering = factories.offering(data["provider"], data["vocab"], title="Pilates")
    heard.clear()

    def rename():
        offering.title = "Pilates am Abend"
        offering.save()
        offering.topics.set([data["vocab"]["health"]])
        Run.objects.create(offering=offering, start_date=factories.TODAY, is_online=True)
        return offering

    saved, changed = services.save_offering(rename, offering=offering, actor=data["editor"])
    assert changed and len(heard) == 1
    assert heard[0].action == "edited" and heard[0].offering_ids == (offering.pk,)
    (entry,) = OfferingChange.objects.filter(offering=offering)
    assert set(entry.changes) == {"title", "topics", "runs"}
    assert SearchDocument.objects.get(offering=offering).title.startswith("pilat")

    saved, changed = services.save_offering(lambda: offering, offering=offering)
    assert not changed and len(heard) == 1 and OfferingChange.objects.count() == 1


def test_status_change_and_restore_announce_once_each(data, heard):
    offering = factories.offering(data["provider"], data["vocab"], title="Töpfern")
    heard.clear()
    services.change_status(offering, "archived", allowed_from={"published"},
                           actor=data["editor"], action=Action.ARCHIVED)
    assert [c.action for c in heard] == ["archived"]
    assert not SearchDocument.objects.filter(offering=offering).exists()
    with pytest.raises(services.StatusNotAllowed):
        services.change_status(offering, "archived", allowed_from={"published"},
                               action=Action.ARCHIVED)
    assert len(heard) == 1

    state = OfferingChange.objects.get().snapshot
    state = {**state, "title": "Töpfern für alle"}
    services.restore_offering(offering.pk, state, fields=["title"], actor=data["editor"])
    assert [c.action for c in heard] == ["archived", "reverted"]
    offering.refresh_from_db()
    assert offering.title == "Töpfern für alle" and offering.status == "archived"
    assert OfferingChange.objects.filter(action="reverted").get().changes["title"] == [
        "Töpfern", "Töpfern für alle"]


def test_an_admin_style_orm_save_still_reindexes_without_history(data, heard):
    offering = factories.offering(data["provider"], data["vocab"], title="Gitarre")
    heard.clear()
    offering.title = "Klavier"
    offering.save()  # as the Django admin does
    assert [c.action for c in heard] == ["edited"] and not heard[0].wants_history
    assert "klavi" in SearchDocument.objects.get(offering=offering).title
    assert not OfferingChange.objects.exists()
    pk = offering.pk
    offering.delete()
    assert heard[-1].action == "deleted" and heard[-1].deleted_ids == (pk,)
    assert not SearchDocument.objects.exists()


def test_archive_offerings_announces_once_for_all(data, heard):
    first = factories.offering(data["provider"], data["vocab"], title="Eins")
    second = factories.offering(data["provider"], data["vocab"], title="Zwei")
    heard.clear()
    assert services.archive_offerings([first.pk, second.pk]) == 2
    (change,) = heard
    assert set(change.offering_ids) == {first.pk, second.pk}
    assert not SearchDocument.objects.exists()


def test_replacing_the_catalog_announces_once_at_the_end(data, heard):
    with services.replacing_catalog():
        services.save_offerings([plan(data, "Englisch A1", "1")])
        services.save_offerings([plan(data, "Yoga", "2")])
        assert heard == [] and not SearchDocument.objects.exists()
    (change,) = heard
    assert change.whole_catalog
    assert SearchDocument.objects.count() == 2


def imported_apps(path):
    """The bildungsportal apps a module imports (absolute imports, also inside functions)."""
    import ast

    apps = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        apps |= {name.split(".")[1] for name in names if name.startswith("bildungsportal.")}
    return apps


@pytest.mark.django_db(False)
@pytest.mark.django_db(False)
def test_the_catalog_names_every_history_action():
    """catalog.signals.Action mirrors OfferingChange.Action (catalog may not import it)."""
    assert set(OfferingChange.Action.values) == {a.value for a in Action} - {"deleted"}
