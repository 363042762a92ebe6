import django.db.models.deletion
from django.db import migrations, models

MODELS = ["fieldofaction", "indicatorsnapshot", "measure", "publishedindicator"]


def of_the_default_region(apps, schema_editor):
    """The monitoring kept so far was the one district's: it belongs to the default region."""
    region = apps.get_model("places", "Region").objects.filter(is_default=True).first()
    if region is None:
        return
    for name in MODELS:
        apps.get_model("insights", name).objects.filter(region__isnull=True).update(region=region)


def region(null):
    return models.ForeignKey(editable=False, null=null, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='places.region', verbose_name='Region')


class Migration(migrations.Migration):

    dependencies = [
        ('insights', '0001_initial'),
        ('places', '0002_regions'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='indicatorsnapshot',
            name='indicator_snapshot_unique',
        ),
        *[migrations.AddField(model_name=name, name='region', field=region(True))
          for name in MODELS],
        migrations.RunPython(of_the_default_region, migrations.RunPython.noop),
        *[migrations.AlterField(model_name=name, name='region', field=region(False))
          for name in MODELS],
        migrations.AddConstraint(
            model_name='indicatorsnapshot',
            constraint=models.UniqueConstraint(fields=('region', 'taken_on', 'indicator', 'town', 'life_phase', 'topic'), name='indicator_snapshot_unique'),
        ),
    ]
