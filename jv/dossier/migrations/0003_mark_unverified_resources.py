"""Resources whose editor note starts with "te controleren" get the new "to be verified" flag.

Also written into their latest and live revisions: Wagtail's edit form loads an item from its
latest revision, so a flag only on the row would be lost at the next publication.
"""

import re

from django.db import migrations

PREFIX = re.compile(r"^\s*te controleren\s*[:\-–]?\s*", re.IGNORECASE)


def verification_text(note: str) -> str | None:
    if not note or not PREFIX.match(note):
        return None
    text = PREFIX.sub("", note, count=1).strip()
    return text[:1].upper() + text[1:]


def forwards(apps, schema_editor):
    Resource = apps.get_model("dossier", "Resource")
    Revision = apps.get_model("wagtailcore", "Revision")
    for resource in Resource.objects.filter(needs_verification=False, verified_at__isnull=True):
        text = verification_text(resource.note)
        if text is None:
            continue
        resource.needs_verification = True
        resource.verification_note = text
        resource.save(update_fields=["needs_verification", "verification_note"])
        ids = {pk for pk in (resource.latest_revision_id, resource.live_revision_id) if pk}
        for revision in Revision.objects.filter(pk__in=ids):
            content = dict(revision.content)
            content["needs_verification"] = True
            content["verification_note"] = text
            revision.content = content
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("dossier", "0002_upkeep_fields"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
