"""The "Editors" group: staff who write and publish content but cannot touch users, groups or settings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# (app label, model, actions). Content is the three sections plus what an item carries with it.
EDITOR_PERMISSIONS = [
    ("events", "event", ("add", "change", "delete", "view")),
    ("centers", "center", ("add", "change", "delete", "view")),
    ("statements", "statement", ("add", "change", "delete", "view")),
    ("taxonomy", "source", ("add", "change", "delete", "view")),
    ("core", "changenote", ("add", "change", "delete", "view")),
    ("taxonomy", "country", ("view",)),
    ("taxonomy", "countrystatus", ("view",)),
    ("taxonomy", "topic", ("view",)),
]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after migrating; make sure they exist now.
    # create_permissions() skips an app config without a models module, as a migration's are; mark each
    # one for the call and put the mark back, so the registry is left as it was found.
    for app_config in apps.get_app_configs():
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    wanted = [
        Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
        for app, model, actions in EDITOR_PERMISSIONS
        for action in actions
    ]
    group.permissions.set(wanted)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("events", "0002_event_public_updated_at_event_revision"),
        ("centers", "0002_center_public_updated_at_center_revision"),
        ("statements", "0002_statement_public_updated_at_statement_revision"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
