"""Open data per region: each region's files hold what its site shows, its DCAT description
names it as publisher, and its page lists its own files (issue 15)."""

import csv
import io

import pytest
from defusedxml import ElementTree
from django.core.management import call_command

from tests import test_region_search as region_search

hosts, world, ODENWALD = region_search.hosts, region_search.world, region_search.ODENWALD
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hosts")]
NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dcat": "http://www.w3.org/ns/dcat#",
      "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
      "dcatde": "http://dcat-ap.de/def/dcatde/"}


@pytest.fixture
def built(world, tmp_path, settings):
    settings.OPEN_DATA = {"directory": tmp_path, "base_url": "https://bildung.example",
                          "extra_distributions": [
                              "bildungsportal.opendata.snapshot.feed_snapshot"]}
    call_command("build_open_data", stdout=io.StringIO())
    return {**world, "dir": tmp_path}


def titles(path):
    text = path.read_bytes().decode("utf-8-sig")
    return {row["titel"] for row in csv.DictReader(text.splitlines(), delimiter=";")}


def test_each_region_dumps_what_its_site_shows(built):
    bergstrasse = titles(built["dir"] / "katalog.csv")
    odenwald = titles(built["dir"] / "regions" / "odenwald" / "katalog.csv")
    assert bergstrasse == {"Englisch in beiden Kreisen", "Töpfern an der Bergstraße"}
    assert odenwald == {"Englisch in beiden Kreisen", "Imkern im Odenwald"}
    # the change feed is the instance's: its state is published once, with the default region
    assert (built["dir"] / "katalog-stand.jsonl").exists()
    assert not (built["dir"] / "regions" / "odenwald" / "katalog-stand.jsonl").exists()


def test_a_regions_dcat_names_it_and_links_its_host(client, built):
    response = client.get("/offene-daten/dcat.rdf", headers=ODENWALD, secure=True)
    assert response.status_code == 200
    (dataset,) = ElementTree.fromstring(response.content).findall("dcat:Dataset", NS)
    assert dataset.find("dct:publisher/foaf:Organization/foaf:name", NS).text == \
        "Odenwaldkreis"
    geocoding = dataset.find("dcatde:politicalGeocodingURI", NS)
    assert geocoding.get(f"{{{NS['rdf']}}}resource").endswith("/districtKey/06437")
    urls = {d.find("dcat:downloadURL", NS).get(f"{{{NS['rdf']}}}resource")
            for d in dataset.findall("dcat:distribution/dcat:Distribution", NS)}
    assert urls == {f"https://odenwald.example/offene-daten/dateien/{name}"
                    for name in ("katalog.csv", "katalog.jsonld", "katalog.xlsx")}


def test_a_regions_download_is_its_own_file(client, built):
    response = client.get("/offene-daten/dateien/katalog.csv", headers=ODENWALD, secure=True)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Imkern im Odenwald" in body and "Töpfern" not in body
    page = client.get("/offene-daten/", headers=ODENWALD, secure=True).content.decode()
    assert "katalog-stand.jsonl" not in page and "katalog.csv" in page


def test_a_region_added_later_gets_its_files_at_the_next_start(built):
    from bildungsportal.places.models import Region

    Region.objects.create(key="06411", name="Darmstadt", slug="darmstadt", host="da.example")
    out = io.StringIO()
    call_command("build_open_data", if_missing=True, stdout=out)
    assert "Darmstadt: 0 offerings" in out.getvalue()
    assert "Odenwaldkreis" not in out.getvalue()  # built already: left alone
    assert (built["dir"] / "regions" / "darmstadt" / "manifest.json").exists()
    out = io.StringIO()
    call_command("build_open_data", if_missing=True, stdout=out)
    assert "nothing to do" in out.getvalue()
