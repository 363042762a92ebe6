"""Synonym groups added to search/data/synonyms.txt after 0004 seeded the table.

Issue 13: Anfänger / Einsteiger / A1 and Tagesmutter / Tagespflege / Kindertagespflege find each
other. Issue 16 (long-tail relevance): irregular verb ↔ noun pairs and the ways course titles
say style or purpose. A fresh database already has them from 0004 (which reads the whole file);
a group is only added when the office has no group with its first word yet.
"""

from django.db import migrations

GROUPS = (
    "anfänger, einsteiger, a1, grundstufe, grundkurs, einführung",
    "tagesmutter, tagesvater, tageseltern, tagespflege, kindertagespflege",
    "gesang, singen",
    "massage, massieren",
    "keramik, töpfern, töpferei",
    "homepage, website, webseite, internetseite",
    "selbständige, selbstständige, freiberufler",
    "partner, paare",
    "auffrischung, wiedereinstieg",
    "konversation, conversation",
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
