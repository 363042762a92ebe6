"""`bildungsportal setup` (make run): a fresh database gets a demo catalog and demo answers."""

from io import StringIO

import pytest
from django.core.management import call_command

from bildungsportal.catalog.models import Offering
from bildungsportal.surveys.models import Response


@pytest.mark.django_db(transaction=True)
def test_fresh_database_gets_demo_catalog_and_demo_survey_answers_once(settings, tmp_path):
    settings.OPEN_DATA = {**settings.OPEN_DATA, "directory": tmp_path}
    out = StringIO()
    call_command("setup", "--demo-offerings", "40", "--demo-responses", "60", stdout=out,
                 verbosity=0)
    offerings = Offering.objects.count()
    responses = Response.objects.filter(submitted_on__isnull=False).count()
    assert offerings == 40
    assert responses == 60
    # /offene-daten/ has its downloads from the first start on.
    assert (tmp_path / "manifest.json").exists() and (tmp_path / "katalog.csv").exists()
    # A second run finds a catalog and leaves catalog and answers alone.
    call_command("setup", "--demo-offerings", "40", "--demo-responses", "60", stdout=out,
                 verbosity=0)
    assert Offering.objects.count() == offerings
    assert Response.objects.count() == responses
    assert "no demo data loaded" in out.getvalue()
    assert "the downloads exist, nothing to do" in out.getvalue()
