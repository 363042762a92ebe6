from django.db import migrations

# The groups added to data/synonyms.txt with the long-tail relevance work. A fresh database
# already has them from 0004 (which reads the whole file): only missing ones are added.
GROUPS = (
    "gesang, singen",
    "massage, massieren",
    "keramik, töpfern, töpferei",
    "homepage, website, webseite, internetseite",
    "anfänger, einsteiger, grundkurs, einführung",
    "selbständige, selbstständige, freiberufler",
    "partner, paare",
    "auffrischung, wiedereinstieg",
    "konversation, conversation",
)


def add_groups(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    present = set(SynonymGroup.objects.values_list("terms", flat=True))
    SynonymGroup.objects.bulk_create(SynonymGroup(terms=g) for g in GROUPS if g not in present)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0004_synonymgroup"),
    ]

    operations = [
        migrations.RunPython(add_groups, migrations.RunPython.noop),
    ]
