import django.db.models.deletion

import bildungsportal.places.regions
from django.conf import settings
from django.db import migrations, models


def to_default_region(apps, schema_editor):
    """Subscriptions made before regions existed follow the default region's catalog."""
    Region = apps.get_model("places", "Region")
    Subscription = apps.get_model("alerts", "Subscription")
    if not Subscription.objects.exists():
        return
    conf = settings.DEFAULT_REGION
    region = Region.objects.filter(is_default=True).first() or Region.objects.create(
        key=conf["key"], name=conf["name"], slug=conf["slug"], is_default=True)
    Subscription.objects.update(region=region)


class Migration(migrations.Migration):

    dependencies = [
        ("alerts", "0001_initial"),
        ("places", "0002_regions"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="region",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="places.region",
                                    verbose_name="Region"),
        ),
        migrations.RunPython(to_default_region, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subscription",
            name="region",
            field=models.ForeignKey(default=bildungsportal.places.regions.default_region_id,
                                    on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="places.region",
                                    verbose_name="Region"),
        ),
        migrations.RemoveConstraint(
            model_name="subscription",
            name="alerts_one_per_search",
        ),
        migrations.AddConstraint(
            model_name="subscription",
            constraint=models.UniqueConstraint(fields=("email", "query", "region"),
                                               name="alerts_one_per_search_and_region"),
        ),
    ]
