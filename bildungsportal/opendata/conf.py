"""The open-data settings of this instance: where files go, who publishes, under which licence.

``settings.OPEN_DATA`` (a dict) overrides any of DEFAULTS. The publisher block is per
instance today; when regions arrive it becomes per region (docs/open-data.md).
"""

import os

from django.conf import settings

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
        "geocoding_uri": "http://dcat-ap.de/def/politicalGeocoding/districtKey/06431",
    },
    # Dotted paths of callables (directory) -> [(file name, title, media type)] that add
    # further distributions to a build (e.g. the monitoring's published indicators).
    "extra_distributions": [],
    # Processes writing the files at once: 2 (JSON-LD | CSV and XLSX) or 1 (one pass).
    "processes": 2,
}


def conf(name):
    value = {**DEFAULTS, **getattr(settings, "OPEN_DATA", {})}[name]
    if name == "directory" and value is None:
        return settings.VAR_DIR / "open-data"
    return value
