"""Upkeep: the guide-level "te controleren" flag becomes the upkeep mixin's fields.

``to_check`` -> ``needs_verification`` (``verification_note`` keeps its name)
(renamed, so every value is kept), also inside the stored revisions of guides, so an edit
form opened from a revision shows the same flag.
"""

from django.db import migrations

RENAMES = {"to_check": "needs_verification"}


def rename_in_revisions(apps, schema_editor, renames=RENAMES):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="guides", model="guide").first()
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
        ("guides", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("guide", "to_check", "needs_verification"),
        migrations.RunPython(rename_in_revisions, rename_back),
    ]
