"""Wagtail's "Editors" group maintains the synonym and abbreviation list (the Synonym snippet)."""

from django.db import migrations

GROUPS = ("Editors",)
CODENAMES = ("add_synonym", "change_synonym", "delete_synonym", "view_synonym")


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label="search", codename__in=CODENAMES))


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create this app's now.
    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Wagtail creates the "Editors" group in a data migration of its own.
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
