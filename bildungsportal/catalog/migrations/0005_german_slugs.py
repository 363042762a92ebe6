"""Rewrite the slugs of offerings and providers with the German rule ("pruefung", not "prufung").

URLs carry the id, and the pages answer an outdated slug with a 301 to the canonical one,
so links to the old spelling keep working.
"""

from django.db import migrations

BATCH = 2000


def rewrite(apps, schema_editor):
    from bildungsportal.catalog.models import offering_slug, provider_slug

    for model_name, field, rule in (
        ("Offering", "title", offering_slug),
        ("Provider", "name", provider_slug),
    ):
        model = apps.get_model("catalog", model_name)
        changed = []
        for pk, text, slug in model.objects.values_list("pk", field, "slug").iterator(BATCH):
            new = rule(text)
            if new != slug:
                changed.append(model(pk=pk, slug=new))
            if len(changed) >= BATCH:
                model.objects.bulk_update(changed, ["slug"])
                changed = []
        model.objects.bulk_update(changed, ["slug"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_vocabulary_translations")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop, elidable=True)]
