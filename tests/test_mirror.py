"""Issue 15, done when: a script outside the project downloads the dump, follows the change
feed, and ends with exactly the public catalog (contrib/mirror_catalog.py against a live
server, in a separate process that only speaks HTTP)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bildungsportal.catalog import services
from bildungsportal.catalog.models import Offering
from bildungsportal.catalog.signals import Action
from bildungsportal.opendata.dump import build
from bildungsportal.opendata.snapshot import NAME
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
SCRIPT = Path(__file__).resolve().parents[1] / "contrib" / "mirror_catalog.py"


@pytest.fixture
def site(live_server, tmp_path, settings):
    settings.OPEN_DATA = {
        "directory": tmp_path / "open-data", "base_url": live_server.url,
        "extra_distributions": ["bildungsportal.opendata.snapshot.feed_snapshot"],
    }
    data = factories.small_catalog()
    for number in range(12):  # more than one page of the script's reads
        course = factories.offering(data["vhs"], data["vocab"], f"Kurs {number}")
        factories.run(course, data["haus"])
    return {**data, "url": live_server.url, "mirror": tmp_path / "mirror.json"}


def run_script(site):
    done = subprocess.run([sys.executable, str(SCRIPT), site["url"], str(site["mirror"])],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(site["mirror"].read_text("utf-8"))


def public_catalog(client):
    """Exactly the public catalog, as the API shows it offering by offering."""
    ids = sorted(Offering.objects.published().values_list("pk", flat=True))
    return {str(pk): client.get(f"/api/v1/offerings/{pk}", secure=True).json() for pk in ids}


def change_everything(site, tag):
    """Edits of every kind after the dump: new, changed, withdrawn, deleted, re-published."""
    course = factories.offering(site["vhs"], site["vocab"], f"Neu nach dem Stand {tag}")
    factories.run(course, site["haus"])
    first = Offering.objects.published().filter(title__startswith="Kurs").order_by("pk")
    changed = first[0]
    changed.title = f"{changed.title} geändert {tag}"
    changed.save()
    services.change_status(first[1], "archived", allowed_from=["published"],
                           action=Action.ARCHIVED)
    first[2].delete()


def test_dump_then_feed_ends_with_exactly_the_public_catalog(client, site):
    build()
    snapshot = site["mirror"].parent / "open-data" / NAME
    head, *lines = snapshot.read_text("utf-8").splitlines()
    assert json.loads(head)["cursor"].isdigit()
    assert len(lines) == Offering.objects.published().count()

    change_everything(site, "eins")  # the dump is now behind: the feed must bring the rest
    mirror = run_script(site)
    assert mirror["offerings"] == public_catalog(client)

    # Later runs follow the feed from the saved cursor only (the dump is not read again).
    snapshot.unlink()
    change_everything(site, "zwei")
    services.change_status(site["draft"], "published", allowed_from=["draft"],
                           action=Action.PUBLISHED)
    again = run_script(site)
    assert again["offerings"] == public_catalog(client)
    assert int(again["cursor"]) > int(mirror["cursor"])


def test_the_script_refuses_what_is_not_a_portal(tmp_path):
    done = subprocess.run([sys.executable, str(SCRIPT), "ftp://example.org",
                           str(tmp_path / "m.json")], capture_output=True, text=True)
    assert done.returncode == 1
    assert "not an http(s) address" in done.stderr
    assert not (tmp_path / "m.json").exists()
