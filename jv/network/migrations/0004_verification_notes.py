"""Flagged organisations and contacts loaded before upkeep existed get a note saying what to check
(the same text the starter loader writes now), so the "te controleren" list is useful at once."""

from django.db import migrations

ORGANISATION_CHECK = "Gegevens uit achtergrondkennis (website, soort, regio) nagaan bij een betrouwbare bron."
CONTACT_CHECK = "Functie, contactgegevens en de vastgelegde toestemming bevestigen bij de contactpersoon zelf."


def forwards(apps, schema_editor):
    Organisation = apps.get_model("network", "Organisation")
    Contact = apps.get_model("network", "Contact")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="network", model="organisation").first()
    for organisation in Organisation.objects.filter(needs_verification=True, verification_note=""):
        note = (organisation.note or "").strip() or ORGANISATION_CHECK
        organisation.verification_note = note
        organisation.save(update_fields=["verification_note"])
        if content_type is None:
            continue
        for revision_id in {organisation.latest_revision_id, organisation.live_revision_id} - {None}:
            revision = Revision.objects.filter(pk=revision_id).first()
            if revision is not None and not (revision.content or {}).get("verification_note"):
                revision.content["verification_note"] = note
                revision.save(update_fields=["content"])
    Contact.objects.filter(needs_verification=True, verification_note="").update(verification_note=CONTACT_CHECK)


class Migration(migrations.Migration):
    dependencies = [("network", "0003_upkeep_fields"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
