"""Upkeep: the network's own "te controleren" flags become the upkeep mixin's fields.

``Organisation.to_verify`` and ``Contact.to_verify`` -> ``needs_verification`` (renamed, so every
value is kept; also inside the stored revisions of organisations). Flagged organisations get a
``verification_note`` (added by the next migration) in 0004, so the "te controleren" list says
what to check. ``OrganisationRole.to_verify`` stays: a role is part of its organisation.
"""

from django.db import migrations

RENAMES = {"to_verify": "needs_verification"}


def rename_in_revisions(apps, schema_editor, renames=RENAMES):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="network", model="organisation").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(base_content_type=content_type).iterator():
        content = revision.content or {}
        if not any(old in content for old in renames):
            continue
        for old, new in renames.items():
            if old in content:
                content[new] = content.pop(old)
        revision.content = content
        revision.save(update_fields=["content"])


def rename_back(apps, schema_editor):
    rename_in_revisions(apps, schema_editor, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("network", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("organisation", "to_verify", "needs_verification"),
        migrations.RenameField("contact", "to_verify", "needs_verification"),
        migrations.RunPython(rename_in_revisions, rename_back),
    ]
