"""Synonym groups added to search/data/synonyms.txt after 0004 seeded the table.

Anfänger / Einsteiger / A1 and Tagesmutter / Tagespflege / Kindertagespflege find each other.
A group is only added when the office has no group with its first word yet.
"""

from django.db import migrations

GROUPS = (
    "anfänger, einsteiger, a1, grundstufe",
    "tagesmutter, tagesvater, tageseltern, tagespflege, kindertagespflege",
)


def add_groups(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    existing = [terms.casefold() for terms in SynonymGroup.objects.values_list("terms", flat=True)]
    for line in GROUPS:
        first = line.split(",")[0].strip()
        if not any(first in [t.strip() for t in terms.split(",")] for terms in existing):
            SynonymGroup.objects.create(terms=line)


def remove_groups(apps, schema_editor):
    apps.get_model("search", "SynonymGroup").objects.filter(terms__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_synonymgroup")]

    operations = [migrations.RunPython(add_groups, remove_groups)]
