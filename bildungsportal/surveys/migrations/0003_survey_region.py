import django.db.models.deletion
from django.db import migrations, models


def surveys_of_the_default_region(apps, schema_editor):
    """The surveys made so far were the one district's: they belong to the default region."""
    Region = apps.get_model("places", "Region")
    Survey = apps.get_model("surveys", "Survey")
    region = Region.objects.filter(is_default=True).first()
    if region is not None:
        Survey.objects.filter(region__isnull=True).update(region=region)


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0002_regions'),
        ('surveys', '0002_version_revision_prize_ticket'),
    ]

    operations = [
        migrations.AddField(
            model_name='survey',
            name='region',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='surveys', to='places.region', verbose_name='Region'),
        ),
        migrations.RunPython(surveys_of_the_default_region, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='survey',
            name='region',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='surveys', to='places.region', verbose_name='Region'),
        ),
    ]
