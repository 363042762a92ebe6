"""The education office's group with the admin permissions to edit vocabularies and synonyms."""

from django.db import migrations

VOCABULARIES = {
    "catalog": ["lifephase", "topic", "targetgroup", "format", "fundingoption", "qualityseal",
                "language"],
    "search": ["synonymgroup"],
}
ACTIONS = ["add", "change", "delete", "view"]


def create_office_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Bildungsbüro")
    codenames = [f"{action}_{model}" for models in VOCABULARIES.values() for model in models
                 for action in ACTIONS]
    permissions = Permission.objects.filter(
        content_type__app_label__in=list(VOCABULARIES), codename__in=codenames
    )
    group.permissions.add(*permissions)


def remove_office_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Bildungsbüro").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0002_review_states"),
        ("search", "0004_synonymgroup"),
    ]

    operations = [
        migrations.RunPython(create_office_group, remove_office_group),
    ]
