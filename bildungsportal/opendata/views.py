"""/offene-daten/: the page that explains the downloads, the files themselves, the DCAT
description and the Atom feed of new offerings."""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import condition, require_safe

from bildungsportal.catalog.models import Offering
from bildungsportal.catalog.regions import offerings_in_region
from bildungsportal.places.regions import current_region

from . import dcat
from .conf import conf
from .dump import FILES, manifest

TITLES = {
    "katalog.jsonld": gettext_lazy("Alle Angebote als JSON-LD (schema.org Course)"),
    "katalog.csv": gettext_lazy("Alle Angebote als Tabelle (CSV, Semikolon, UTF-8)"),
    "katalog.xlsx": gettext_lazy("Alle Angebote als Excel-Tabelle (XLSX)"),
    # Written by opendata/snapshot.py and insights/open_data.py when the wiring adds them
    # (settings.OPEN_DATA).
    "katalog-stand.jsonl": gettext_lazy(
        "Alle Angebote wie in der API, mit Stand der Änderungsliste (JSON Lines)"),
    "indikatoren.csv": gettext_lazy("Indikatoren des Bildungsmonitorings je Gemeinde (CSV)"),
}
FORMAT_LABELS = {"katalog.jsonld": "JSON-LD", "katalog.csv": "CSV", "katalog.xlsx": "XLSX",
                 "katalog-stand.jsonl": "JSON Lines"}
# The EU file type (publications office authority) of further files, by media type.
EXTRA_FILE_TYPES = {"text/csv": "CSV", "application/x-ndjson": "JSON"}
ATOM_ITEMS = 50


def _directory():
    return Path(conf("directory"))


def _known_files():
    """name → (media type, EU file type, German title) of every file a build can write."""
    known = {name: (media, file_type, TITLES[name]) for name, (media, file_type)
             in FILES.items()}
    for extra in manifest().get("extra", []):
        file_type = EXTRA_FILE_TYPES.get(extra["media_type"], "CSV")
        known.setdefault(extra["name"], (extra["media_type"], file_type,
                                         TITLES.get(extra["name"], extra["title"])))
    return known


def _files():
    """The files on disk with their size and date, in FILES order."""
    entries = []
    for name, (media_type, file_type, title) in _known_files().items():
        path = _directory() / name
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append({
            "name": name, "title": title, "media_type": media_type, "file_type": file_type,
            "label": FORMAT_LABELS.get(name, file_type), "size": stat.st_size,
            "modified": datetime.fromtimestamp(stat.st_mtime, UTC),
            "url": reverse("opendata:download", kwargs={"name": name}),
        })
    return entries


@require_safe
def index(request):
    built = manifest()
    return render(request, "opendata/index.html", {
        "files": _files(), "count": built.get("count"), "licence": conf("licence"),
        "publisher": conf("publisher"),
    })


def _path(name):
    if name not in _known_files():
        raise Http404
    path = _directory() / name
    if not path.is_file():
        raise Http404
    return path


def _etag(request, name):
    try:
        stat = _path(name).stat()
    except Http404:
        return None
    return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'


def _last_modified(request, name):
    try:
        return datetime.fromtimestamp(_path(name).stat().st_mtime, UTC)
    except Http404:
        return None


@require_safe
@condition(etag_func=_etag, last_modified_func=_last_modified)
def download(request, name):
    path = _path(name)
    media_type = _known_files()[name][0]
    charset = (
        "; charset=utf-8" if media_type.startswith(("text/", "application/ld", "application/x-nd"))
        else "")
    response = FileResponse(path.open("rb"), content_type=media_type + charset,
                            as_attachment=not media_type.startswith("application/ld"),
                            filename=name)
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def dcat_rdf(request):
    files = _files()
    built = manifest()
    distributions = [{
        "url": request.build_absolute_uri(item["url"]), "title": str(item["title"]),
        "media_type": item["media_type"], "file_type": item["file_type"], "size": item["size"],
        "modified": item["modified"].isoformat(timespec="seconds"),
    } for item in files]
    modified = max((item["modified"] for item in files), default=None)
    body = dcat.dataset_rdf(
        dataset_uri=request.build_absolute_uri(reverse("opendata:index")) + "#katalog",
        landing_page=request.build_absolute_uri(reverse("opendata:index")),
        distributions=distributions,
        issued=(built.get("built_at") or "")[:19] or None,
        modified=modified.isoformat(timespec="seconds") if modified else None,
        title=_("Bildungsangebote – %(site)s") % {"site": settings.SITE_NAME},
        description=_("Alle veröffentlichten Bildungsangebote des Portals mit Anbietern, "
                      "Terminen, Orten und Preisen."),
    )
    response = HttpResponse(body, content_type="application/rdf+xml; charset=utf-8")
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    response["Access-Control-Allow-Origin"] = "*"
    return response


class NewOfferingsFeed(Feed):
    """Atom: the newest published offerings."""

    feed_type = Atom1Feed

    def title(self):
        return _("Neue Angebote – %(site)s") % {"site": current_region().site_title}

    def subtitle(self):
        return _("Die zuletzt veröffentlichten Bildungsangebote.")

    def link(self):
        return reverse("catalog:search")

    def items(self):
        return (offerings_in_region(current_region(), Offering.objects.published())
                .select_related("provider").order_by("-created_at", "-id")[:ATOM_ITEMS])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.description[:500]

    def item_author_name(self, item):
        return item.provider.name

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


new_offerings_feed = NewOfferingsFeed()
