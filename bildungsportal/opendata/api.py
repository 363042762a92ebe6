"""The change feed of the JSON API v1: GET /api/v1/changes?since=<cursor>&limit=<n>."""

import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.responses import NinjaJSONEncoder

from bildungsportal.pages.api import MAX_ID, error_body, offering_detail, offering_detail_queryset
from bildungsportal.pages.schemas import Error, OfferingDetail

from .models import FeedEntry

router = Router()
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100


class ChangeOut(Schema):
    cursor: str = Field(description="This change's position; pass it as `since` to continue "
                        "after it.")
    id: int = Field(description="The offering's id.")
    kind: str = Field(description="created, changed, withdrawn or deleted.",
                      json_schema_extra={"enum": [k.value for k in FeedEntry.Kind]})
    deleted: bool = Field(description="A tombstone: the offering is no longer public "
                          "(withdrawn or deleted); drop it.")
    offering: OfferingDetail | None = Field(
        description="The offering as it is now (as /offerings/{id}); null for a tombstone.")


class ChangesResponse(Schema):
    changes: list[ChangeOut]
    next: str = Field(description="The cursor to pass as `since` for the following page "
                      "(the same as `since` when nothing followed).")
    has_more: bool = Field(description="More changes follow right away.")


class ChangesQuery(Schema):
    since: str = Field(
        "0", pattern=r"^[0-9]{1,19}$", max_length=19,
        description="Opaque cursor: `next` of the previous page; 0 (or missing) from the start.",
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Changes per page.")


@router.get(
    "/changes",
    response={200: ChangesResponse, 400: Error},
    tags=["offerings"],
    operation_id="list_changes",
    url_name="changes",
    summary="Change feed: what changed since a cursor",
    description=(
        "Every public change of offerings in order: new, changed and withdrawn or deleted "
        "ones (tombstones). Start with `since=0`, apply the changes (replace an offering by "
        "`offering`, drop it on `deleted`), and continue with `since=next` until `has_more` "
        "is false; later, poll with the last `next`. Cursors survive restarts. The log is "
        "compacted: an offering that changed twice appears once, in its current state, at "
        "the position of its latest change; no change is missed or repeated."
    ),
)
def list_changes(request, query: Query[ChangesQuery]):
    since = int(query.since)
    if since > MAX_ID:
        return Status(400, error_body(_("Ungültige Anfrage."),
                                      {"since": _("Unbekannter Cursor (zu groß).")}))
    return HttpResponse(changes_page(since, query.limit),
                        content_type="application/json; charset=utf-8")


def _dumps(value):
    # ninja's own encoder, so an offering reads exactly as /offerings/{id} answers it.
    return json.dumps(value, cls=NinjaJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def render_offerings(ids):
    """offering id → its JSON (OfferingDetail) for the published ones among ``ids``."""
    return {o.pk: _dumps(offering_detail(o))
            for o in offering_detail_queryset().filter(pk__in=ids)}


def changes_page(since, limit):
    """One page of the feed as JSON bytes (ChangesResponse).

    Offerings come from the entries' stored bodies (log.warm) when the request is in the
    default language, else they are rendered now; the page is put together as text."""
    entries = list(FeedEntry.objects.filter(id__gt=since).order_by("id")
                   .values_list("id", "offering_id", "kind", "body")[:limit + 1])
    has_more = len(entries) > limit
    entries = entries[:limit]
    stored = get_language() == settings.LANGUAGE_CODE
    missing = [offering_id for _, offering_id, kind, body in entries
               if kind not in FeedEntry.TOMBSTONES and not (stored and body)]
    rendered = render_offerings(missing) if missing else {}
    parts = []
    for entry_id, offering_id, kind, body in entries:
        if kind in FeedEntry.TOMBSTONES:
            offering = None
        elif stored and body:
            offering = body
        else:
            # None: withdrawn after this page's first query; its tombstone follows later.
            offering = rendered.get(offering_id)
        parts.append(
            f'{{"cursor":"{entry_id}","id":{offering_id},"kind":"{kind}",'
            f'"deleted":{"true" if offering is None else "false"},'
            f'"offering":{"null" if offering is None else offering}}}'
        )
    next_cursor = entries[-1][0] if entries else since
    return (f'{{"changes":[{",".join(parts)}],"next":"{next_cursor}",'
            f'"has_more":{"true" if has_more else "false"}}}').encode()
