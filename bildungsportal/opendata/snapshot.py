"""The change feed's state as one file, where an outside mirror starts (katalog-stand.jsonl).

Line 1: {"cursor": "<c>", "built_at": …, "changes": "<feed URL>"}; then one line per offering
that is public: {"id": …, "offering": {…exactly /api/v1/offerings/{id}…}}. A reader loads the
lines and then follows `/api/v1/changes?since=<c>`; it ends with exactly the public catalog:

- the file holds the live entries of the change log up to c (the log is compacted, so each
  public offering has one entry, carrying its current state);
- an offering that changes while the file is written gets a new entry above c, so it is
  missing here or stale and the feed brings it; an entry above c is never in the file.

No database snapshot is needed, and memory stays at one chunk. Written by the open-data build
(settings.OPEN_DATA["extra_distributions"]); `contrib/mirror_catalog.py` is such a reader.
"""

import json
import os

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation

from bildungsportal.places.regions import current_region

from .api import render_offerings
from .conf import conf
from .models import FeedEntry

NAME = "katalog-stand.jsonl"
TITLE = "Alle Angebote wie in der API, mit Stand der Änderungsliste (JSON Lines)"
MEDIA_TYPE = "application/x-ndjson"
CHUNK = 1000


def _lines(cursor, chunk):
    last = 0
    live = FeedEntry.objects.exclude(kind__in=FeedEntry.TOMBSTONES)
    while True:
        rows = list(live.filter(id__gt=last, id__lte=cursor).order_by("id")
                    .values_list("id", "offering_id", "body")[:chunk])
        if not rows:
            return
        last = rows[-1][0]
        missing = [offering_id for _, offering_id, body in rows if not body]
        rendered = render_offerings(missing) if missing else {}
        for _, offering_id, body in rows:
            body = body or rendered.get(offering_id)
            if body is not None:  # else withdrawn meanwhile: its tombstone lies above c
                yield f'{{"id":{offering_id},"offering":{body}}}\n'


def feed_snapshot(directory, chunk=CHUNK):
    """Write katalog-stand.jsonl into ``directory`` atomically; the distribution list.

    The change feed is the instance's (each offering names its regions), so its state is
    published once, with the default region's files."""
    if not current_region().is_default:
        return []
    cursor = FeedEntry.objects.aggregate(last=Max("id"))["last"] or 0
    base_url = conf("base_url").rstrip("/")
    head = {"cursor": str(cursor), "built_at": timezone.now().isoformat(),
            "changes": base_url + reverse("api-v1:changes")}
    temporary = directory / f".{NAME}.{os.getpid()}.tmp"
    try:
        # The stored bodies are in the default language; so is every line.
        with (translation.override(settings.LANGUAGE_CODE),
              open(temporary, "w", encoding="utf-8") as handle):
            handle.write(json.dumps(head, ensure_ascii=False) + "\n")
            handle.writelines(_lines(cursor, chunk))
        os.replace(temporary, directory / NAME)
    finally:
        temporary.unlink(missing_ok=True)
    return [(NAME, TITLE, MEDIA_TYPE)]
