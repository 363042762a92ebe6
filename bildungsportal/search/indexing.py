"""Write search documents for offerings and signal that the catalog changed."""

import random

from django.db import transaction
from django.db.models import Prefetch

from bildungsportal.catalog.models import Offering, Run

from .analyzer import analyze
from .models import IndexState, SearchDocument

CHUNK = 2000


def bump_version():
    """Mark every process's in-memory index as stale.

    A random token rather than a counter: a rolled-back transaction can never bring back
    a version number some process has already built from.
    """
    token = random.getrandbits(62)
    if not IndexState.objects.filter(pk=1).update(version=token):
        IndexState.objects.update_or_create(pk=1, defaults={"version": token})


def current_version():
    version = IndexState.objects.filter(pk=1).values_list("version", flat=True).first()
    if version is None:
        bump_version()
        return current_version()
    return version


def _documents_queryset():
    return (
        Offering.objects.published()
        .select_related("provider", "format")
        .prefetch_related(
            "topics", "life_phases", "target_groups", "languages", "funding_options",
            Prefetch(
                "runs", queryset=Run.objects.select_related("venue__municipality").order_by()
            ),
        )
        .order_by("pk")
    )


def build_document(offering):
    """The analyzed fields of one offering (prefetched relations are used when present)."""
    keywords = [
        *(t.name for t in offering.topics.all()),
        *(p.name for p in offering.life_phases.all()),
        *(g.name for g in offering.target_groups.all()),
        *(f.name for f in offering.funding_options.all()),
        *(lang.name for lang in offering.languages.all()),
        offering.format.name,
        offering.certificate,
    ]
    places = {
        f"{run.venue.name} {run.venue.municipality.name}"
        for run in offering.runs.all()
        if run.venue_id
    }
    return SearchDocument(
        offering_id=offering.pk,
        title=analyze(offering.title),
        keywords=analyze(" ".join(keywords)),
        summary=analyze(offering.summary),
        body=analyze(f"{offering.description} {offering.entry_requirements}"),
        provider=analyze(" ".join([offering.provider.name, *sorted(places)])),
    )


@transaction.atomic
def index_offerings(offering_ids):
    """(Re)write the documents of these offerings; unpublished ones lose theirs."""
    offering_ids = list(offering_ids)
    SearchDocument.objects.filter(offering_id__in=offering_ids).delete()
    documents = [build_document(o) for o in _documents_queryset().filter(pk__in=offering_ids)]
    SearchDocument.objects.bulk_create(documents)
    bump_version()


def rebuild_index(progress=None):
    """Rewrite every search document, in chunks so memory stays bounded."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        last_pk = 0
        done = 0
        while True:
            chunk = list(_documents_queryset().filter(pk__gt=last_pk)[:CHUNK])
            if not chunk:
                break
            SearchDocument.objects.bulk_create([build_document(o) for o in chunk])
            last_pk = chunk[-1].pk
            done += len(chunk)
            if progress:
                progress(done)
        bump_version()
    return done
