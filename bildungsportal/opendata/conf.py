"""The open-data settings: where files go, who publishes, under which licence — per region.

``settings.OPEN_DATA`` (a dict) overrides any of DEFAULTS for the instance's default region.
Every other region gets its own folder (``<directory>/regions/<slug>``), links on its own host,
itself as publisher (its name, its Kreisschlüssel as political geocoding) and the same licence,
and ``settings.OPEN_DATA["regions"][<Kreisschlüssel>]`` overrides any of these for it
(docs/open-data.md). The region is the request's, or the one a build runs in.
"""

import os
from pathlib import Path

from django.conf import settings

from bildungsportal.places.regions import current_region

GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/districtKey/"

DL_ZERO = {
    # The licence of the catalog metadata: Datenlizenz Deutschland – Zero – Version 2.0.
    "id": "dl-de/zero-2-0",
    "name": "Datenlizenz Deutschland – Zero – Version 2.0",
    "url": "https://www.govdata.de/dl-de/zero-2-0",
    # The URI DCAT-AP.de (and GovData) expect in dct:license.
    "dcat_uri": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
}

DEFAULTS = {
    "directory": None,  # default: VAR_DIR / "open-data"
    # Absolute links inside the files (JSON-LD @id, CSV url); the SITE_URL environment
    # variable, else relative paths.
    "base_url": os.environ.get("SITE_URL", ""),
    "licence": DL_ZERO,
    "publisher": {
        "name": "Kreis Bergstraße",
        "url": "https://www.kreis-bergstrasse.de",
        "email": "bildungsbuero@kreis-bergstrasse.de",
        # dcatde:contributorID of the publisher at GovData (empty: not registered yet).
        "contributor_id": "",
        # dcatde:politicalGeocodingURI: the district by its Kreisschlüssel.
        "geocoding_uri": GEOCODING + "06431",
    },
    # Dotted paths of callables (directory) -> [(file name, title, media type)] that add
    # further distributions to a build (e.g. the monitoring's published indicators).
    "extra_distributions": [],
    # Processes writing the files at once: 2 (JSON-LD | CSV and XLSX) or 1 (one pass).
    "processes": 2,
}


def _instance(name):
    value = {**DEFAULTS, **getattr(settings, "OPEN_DATA", {})}[name]
    if name == "directory" and value is None:
        return settings.VAR_DIR / "open-data"
    return value


def _region_defaults(region):
    publisher = _instance("publisher")
    return {
        "directory": Path(_instance("directory")) / "regions" / region.slug,
        "base_url": f"https://{region.host}" if region.host else "",
        "publisher": {
            **publisher, "name": region.name,
            "url": f"https://{region.host}" if region.host else "", "email": "",
            "contributor_id": "", "geocoding_uri": f"{GEOCODING}{region.key}",
        },
    }


def conf(name, region=None):
    """One open-data setting of ``region`` (default: the current one)."""
    region = region or current_region()
    if region.is_default:
        return _instance(name)
    own = getattr(settings, "OPEN_DATA", {}).get("regions", {}).get(region.key, {})
    if name in own:
        return own[name]
    return _region_defaults(region).get(name, _instance(name))
