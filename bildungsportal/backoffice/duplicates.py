"""Duplicate detection: the same course arriving from two sources (e.g. the VHS feed and the BA).

Two published offerings form a candidate pair when

1. they come from different sources (``Offering.source``) or different providers,
2. they have a run starting on the same date in the same town (the venue's municipality,
   or its locality outside our towns) — and, for two different providers, at the same
   venue or address, or with the same title at the same start time (two yoga classes of two
   providers in one town on one day are two courses; docs/office.md has the precision on
   the demo's planted pairs),
3. their titles are similar: both titles go through the search analyzer's folding
   (``analyzer.terms``: case, umlauts, accents, punctuation), stop words and words that only
   say "course" (analyzer.GENERIC_HEADS: Kurs, Seminar, Workshop …) are dropped, and
   rapidfuzz's ``token_sort_ratio`` (word order does not matter) must reach TITLE_THRESHOLD,
4. and the words with digits (levels and parts such as "A1", "B2", "Teil 2", "2027") are the
   same in both titles — "Englisch A1" and "Englisch A2" are different courses even though
   their titles are 90 % alike.

Only runs starting today or later are compared. A pair is stored once as a DuplicatePair;
a decided pair (merged or kept apart) is never suggested again.
"""

from collections import defaultdict
from datetime import date
from itertools import combinations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from bildungsportal.catalog import services as catalog_services
from bildungsportal.catalog.models import Offering, Run
from bildungsportal.catalog.regions import offerings_in_region
from bildungsportal.places.regions import current_region
from bildungsportal.search import analyzer

from .models import DuplicatePair, OfferingChange
from .services import change_status

# token_sort_ratio of the folded titles, 0–100. 88 pairs "Englisch A1 für Anfänger" with
# "Englisch A1 - Anfänger" (100) and "Englischkurs A1 Anfänger" (91), but not "Englisch
# Konversation" with "Englisch Grammatik" (67), "Pilates am Morgen" with "Pilates am Abend"
# (74) or "Deutsch als Fremdsprache B1" with "… B1 Intensiv" (84).
TITLE_THRESHOLD = 88


def title_key(title):
    """The folded title words without stop words, as compared for duplicates."""
    words = [
        w for w in analyzer.terms(title)
        if w not in analyzer.STOP_WORDS and w not in analyzer.GENERIC_HEADS
    ]
    return " ".join(words) or " ".join(analyzer.terms(title))


def _numbers(key):
    return {word for word in key.split() if any(ch.isdigit() for ch in word)}


def title_similarity(a, b):
    """0–100; 0 when the titles differ in a word with digits (A1 / A2, Teil 1 / Teil 2)."""
    key_a, key_b = title_key(a), title_key(b)
    if _numbers(key_a) != _numbers(key_b):
        return 0.0
    return fuzz.token_sort_ratio(key_a, key_b)


def address_key(street, postcode):
    """A venue's address folded for comparison ("Marktplatz 1" = "marktplatz 1")."""
    folded = " ".join(analyzer.terms(street or ""))
    return ("address", folded, postcode or "") if folded else ("venue-without-street",)


def candidate_pairs(today=None):
    """[(first_id, second_id, score)] of likely duplicates among published offerings."""
    today = today or date.today()
    runs = (
        Run.objects.filter(
            offering__status=Offering.Status.PUBLISHED,
            start_date__gte=today,
            venue__isnull=False,
        )
        .values_list("offering_id", "start_date", "venue__municipality_id", "venue__locality",
                     "venue_id", "venue__street", "venue__postcode", "start_time")
        .distinct()
    )
    groups = defaultdict(set)
    addresses = defaultdict(set)  # (offering, start, place) → its venues' addresses
    times = defaultdict(set)  # (offering, start, place) → its runs' start times
    for offering_id, start, town, locality, venue_id, street, postcode, at in runs.iterator():
        # A venue outside our towns has no municipality: the same locality counts as the
        # same town.
        place = town if town is not None else ("locality", locality.casefold())
        groups[(start, place)].add(offering_id)
        addresses[(offering_id, start, place)] |= {("venue", venue_id), address_key(street,
                                                                                     postcode)}
        addresses[(offering_id, start, place)].discard(("venue-without-street",))
        times[(offering_id, start, place)].add(at)
    pairs = defaultdict(set)  # (a, b) → the (start, place) they share
    for key, ids in groups.items():
        for a, b in combinations(sorted(ids), 2):
            pairs[(a, b)].add(key)
    if not pairs:
        return []
    ids = {i for pair in pairs for i in pair}
    info = {
        pk: (title, source, provider)
        for pk, title, source, provider in Offering.objects.filter(pk__in=ids).values_list(
            "pk", "title", "source", "provider_id"
        )
    }
    found = []
    for a, b in sorted(pairs):
        title_a, source_a, provider_a = info[a]
        title_b, source_b, provider_b = info[b]
        if source_a == source_b and provider_a == provider_b:
            continue  # one source lists the same course twice: that is for its provider
        score = title_similarity(title_a, title_b)
        if provider_a != provider_b and not any(
            addresses[(a, *key)] & addresses[(b, *key)] for key in pairs[(a, b)]
        ) and not (score == 100 and any(
            times[(a, *key)] & times[(b, *key)] for key in pairs[(a, b)]
        )):
            # Two providers at two venues of one town, one day, similar titles: usually two
            # courses (two yoga classes). Only the same venue or address, or the same title
            # at the same hour, makes them one.
            continue
        if score >= TITLE_THRESHOLD:
            found.append((a, b, round(score, 1)))
    return found


def find_duplicates(today=None):
    """Store new candidate pairs (open); returns how many were added."""
    known = set(DuplicatePair.objects.values_list("first_id", "second_id"))
    new = [
        DuplicatePair(first_id=a, second_id=b, score=score)
        for a, b, score in candidate_pairs(today)
        if (a, b) not in known
    ]
    DuplicatePair.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def open_pairs(region=None):
    """Open pairs whose offerings are both still published and both shown in `region`
    (default: the current one), so the office merges only what it curates."""
    here = offerings_in_region(region or current_region()).values("pk")
    return (
        DuplicatePair.objects.filter(
            status=DuplicatePair.Status.OPEN,
            first__status=Offering.Status.PUBLISHED,
            second__status=Offering.Status.PUBLISHED,
            first__in=here,
            second__in=here,
        )
        .select_related("first__provider", "second__provider")
    )


class AlreadyDecided(Exception):
    """The pair was decided in the meantime (or its offerings are no longer published)."""


def _lock_open(pair_id):
    pair = DuplicatePair.objects.select_for_update().filter(pk=pair_id).first()
    if pair is None or not open_pairs().filter(pk=pair.pk).exists():
        raise AlreadyDecided
    return pair


def merge(pair, keep, user):
    """Keep one offering, archive the other; MERGED history on both."""
    with transaction.atomic():
        pair = _lock_open(pair.pk)
        if keep.pk not in (pair.first_id, pair.second_id):
            raise ValueError("keep must be one of the pair")
        drop_id = pair.second_id if keep.pk == pair.first_id else pair.first_id
        kept = Offering.objects.select_for_update().get(pk=keep.pk)
        dropped = Offering.objects.select_for_update().get(pk=drop_id)
        change_status(
            dropped, user, Offering.Status.ARCHIVED, OfferingChange.Action.MERGED,
            allowed_from={Offering.Status.PUBLISHED},
            note=_("als Dublette archiviert; behalten wurde Angebot %(id)s „%(title)s“")
            % {"id": kept.pk, "title": kept.title},
        )
        catalog_services.note_offering(
            kept, actor=user, action=OfferingChange.Action.MERGED,
            note=_("Dublette Angebot %(id)s „%(title)s“ wurde archiviert")
            % {"id": dropped.pk, "title": dropped.title},
        )
        pair.status = DuplicatePair.Status.MERGED
        pair.kept = kept
        pair.decided_by = user
        pair.decided_at = timezone.now()
        pair.save()
    return pair


def keep_apart(pair, user):
    """Mark the pair as two different offerings; it is never suggested again."""
    with transaction.atomic():
        pair = _lock_open(pair.pk)
        pair.status = DuplicatePair.Status.KEPT_APART
        pair.decided_by = user
        pair.decided_at = timezone.now()
        pair.save()
    return pair
