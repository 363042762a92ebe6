"""`bildungsportal rebuild_index` rewrites the search documents (docs/operations.md, Upgrading)."""

from io import StringIO

import pytest
from django.core.management import call_command

from bildungsportal.search.models import SearchDocument
from tests import factories

pytestmark = pytest.mark.django_db


def test_rebuild_index_command_rewrites_lost_documents():
    data = factories.small_catalog()
    published = SearchDocument.objects.count()
    assert published > 0
    SearchDocument.objects.filter(offering=data["english"]).delete()
    out = StringIO()
    call_command("rebuild_index", stdout=out)
    assert SearchDocument.objects.count() == published
    assert SearchDocument.objects.filter(offering=data["english"]).exists()
    assert f"Indexed {published:,} published offerings." in out.getvalue()
