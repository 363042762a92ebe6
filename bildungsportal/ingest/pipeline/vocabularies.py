"""Vocabularies: source categories mapped to ours (ingest/mapping.py), slugs to ids."""

from collections import Counter, defaultdict
from dataclasses import fields

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog.vocabularies import VOCABULARIES

from ..mapping import load_table
from ..records import OfferingRecord, Problem

# The vocabularies of the registry that a record carries (by the Offering field's name).
KINDS = tuple(
    kind for kind in VOCABULARIES if kind.field in {f.name for f in fields(OfferingRecord)}
)


class Vocabularies:
    """Slug → id for each kind, loaded once per import."""

    def __init__(self):
        self.ids = {
            kind.key: dict(kind.model.objects.values_list("slug", "pk")) for kind in KINDS
        }
        self.dqr_levels = set(catalog.DqrLevel.objects.values_list("level", flat=True))


def map_categories(records, source, vocab, report):
    """Fill topics, life phases, target groups, format and languages of every record."""
    table = load_table()
    unmapped = Counter()
    unknown_slugs = set()
    fallback_used = defaultdict(list)
    record_kinds = {kind.key: kind.field for kind in KINDS if kind.many}
    for record in records:
        found = defaultdict(list)
        for kind, attribute in record_kinds.items():
            values = getattr(record, attribute) or []
            for slug in values if isinstance(values, list | tuple) else [values]:
                found[kind].append(str(slug)[:80])
        if record.format:
            found["format"].append(str(record.format)[:80])
        categories = record.categories if isinstance(record.categories, list | tuple) else []
        for term in (str(term) for term in categories):
            hits = table.lookup(source, term)
            if not hits and not table.is_ignored(source, term):
                unmapped[term] += 1
            for kind, slug in hits:
                found[kind].append(slug)
        if record.runs and all(run.is_online for run in record.runs) and not found["format"]:
            found["format"].append("online")
        for kind in (k.key for k in KINDS):
            slugs = []
            for slug in found[kind]:
                if slug not in vocab.ids[kind]:
                    unknown_slugs.add((kind, slug))
                elif slug not in slugs:
                    slugs.append(slug)
            if not slugs and kind != "target_group":
                slug = table.fallback(source, kind)
                if slug and slug in vocab.ids[kind]:
                    slugs = [slug]
                    # An update keeps the offering's own terms instead (pipeline/upsert.py).
                    record.fallback_kinds = {*getattr(record, "fallback_kinds", ()), kind}
                    if kind != "language":
                        fallback_used[(kind, slug)].append(record.record)
            if kind == "format":
                record.format = slugs[0] if slugs else ""
            else:
                setattr(record, record_kinds[kind], slugs)
        if record.dqr_level is not None and record.dqr_level not in vocab.dqr_levels:
            report.problems.append(Problem(
                f"DQR-Niveau {record.dqr_level} ist nicht angelegt und wird weggelassen",
                record.record, fatal=False,
            ))
            record.dqr_level = None
        if not record.format:
            report.problems.append(Problem(
                "kein Format zuordenbar und kein Ersatzformat vorhanden "
                "(Vokabulare geladen? bildungsportal load_reference)",
                record.record,
            ))
            report.invalid_records.add(record.record)
    for term, count in sorted(unmapped.items(), key=lambda item: (-item[1], item[0]))[:200]:
        report.problems.append(Problem(
            f"Kategorie {term!r} ({count} Datensätze) ist keinem Begriff zugeordnet "
            "(Zuordnungstabelle ingest/mappings/categories.csv)",
            fatal=False,
        ))
    for kind, slug in sorted(unknown_slugs):
        report.problems.append(Problem(
            f"Zuordnungstabelle verweist auf unbekannten Begriff {slug!r} ({kind})", fatal=False
        ))
    labels = {"topic": "Thema", "life_phase": "Lebensphase", "format": "Format"}
    for (kind, slug), numbers in sorted(fallback_used.items()):
        shown = ", ".join(str(n) for n in numbers[:20]) + (" …" if len(numbers) > 20 else "")
        report.problems.append(Problem(
            f"{len(numbers)} Datensätze ohne zuordenbares {labels.get(kind, kind)}: "
            f"Ersatz {slug!r} verwendet (Datensätze {shown})",
            fatal=False,
        ))
