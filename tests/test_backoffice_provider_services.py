"""Status transitions (backoffice/services.py): permissions, allowed states, history."""

import pytest
from django.core.exceptions import PermissionDenied

from bildungsportal.backoffice import services
from bildungsportal.backoffice.models import OfferingChange
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    data = factories.small_catalog()
    data["staff"] = factories.user("vhs", providers=[data["vhs"]])
    data["other"] = factories.user("musik", providers=[data["music"]])
    data["office"] = factories.user("buero", office=True)
    return data


def test_approved_provider_publishes_a_draft_and_history_is_recorded(data):
    data["vhs"].approved_at = "2026-01-01T00:00:00Z"
    data["vhs"].save()
    draft = data["draft"]

    services.publish_or_submit(draft, data["staff"])

    draft.refresh_from_db()
    assert draft.status == "published"
    change = OfferingChange.objects.get(offering=draft)
    assert change.action == "published"
    assert change.changes["status"] == ["draft", "published"]
    assert change.user == data["staff"]


def test_new_provider_can_only_submit(data):
    draft = data["draft"]
    with pytest.raises(PermissionDenied):
        services.publish(draft, data["staff"])

    services.publish_or_submit(draft, data["staff"])

    draft.refresh_from_db()
    assert draft.status == "pending"
    assert OfferingChange.objects.get(offering=draft).action == "submitted"


def test_staff_of_another_provider_cannot_change_status(data):
    for step in (services.publish, services.submit_for_review, services.unpublish,
                 services.archive, services.publish_or_submit):
        with pytest.raises(PermissionDenied):
            step(data["english"], data["other"])
    data["english"].refresh_from_db()
    assert data["english"].status == "published"
    assert not OfferingChange.objects.exists()


def test_invalid_transition_raises_transition_error_and_changes_nothing(data):
    with pytest.raises(services.TransitionError, match="veröffentlicht"):
        services.publish(data["english"], data["office"])
    with pytest.raises(services.TransitionError):
        services.submit_for_review(data["english"], data["staff"])
    assert not OfferingChange.objects.exists()


def test_unpublish_and_archive(data):
    english = data["english"]
    services.unpublish(english, data["staff"])
    assert english.status == "draft"
    services.archive(english, data["staff"])
    english.refresh_from_db()
    assert english.status == "archived"
    with pytest.raises(services.TransitionError):
        services.archive(english, data["staff"])
    assert list(OfferingChange.objects.values_list("action", flat=True)) == [
        "archived", "edited"
    ]
    # The office publishes from the archive directly.
    services.publish(english, data["office"])
    english.refresh_from_db()
    assert english.status == "published"
