"""Scenario for network/0002_upkeep_rename and network/0004_verification_notes on a database with
data (see jv/upkeep/tests/migrations.py): ``Organisation.to_verify`` and ``Contact.to_verify`` become
``needs_verification`` (rows and organisation revisions), flagged rows get a verification note, and
``OrganisationRole.to_verify`` stays as it is (in the row and inside the revisions)."""

import datetime

from jv.upkeep.tests.migrations import column, historical_apps, migrate, old_revision, revision_content


def run() -> dict:
    migrate("network", "0001_initial")
    apps = historical_apps("network", "0001_initial")
    Organisation = apps.get_model("network", "Organisation")
    OrganisationRole = apps.get_model("network", "OrganisationRole")
    Contact = apps.get_model("network", "Contact")
    flagged = Organisation.objects.create(name="Oude politie", slug="oude-politie", to_verify=True, live=True)
    noted = Organisation.objects.create(
        name="Oud jongerenwerk", slug="oud-jongerenwerk", to_verify=True, note="Website nakijken.", live=True
    )
    checked = Organisation.objects.create(name="Gecontroleerd", slug="gecontroleerd", to_verify=False, live=True)
    role = OrganisationRole.objects.create(organisation=flagged, role="Houdt toezicht.", to_verify=True, sort_order=0)
    contact = Contact.objects.create(
        name="Piet",
        organisation=flagged,
        consent_date=datetime.date(2025, 1, 1),
        consent_basis="Per e-mail",
        to_verify=True,
    )
    plain_contact = Contact.objects.create(
        name="Kees",
        organisation=checked,
        consent_date=datetime.date(2025, 1, 1),
        consent_basis="Per e-mail",
        to_verify=False,
    )
    roles = [
        {
            "pk": role.pk,
            "organisation": flagged.pk,
            "theme": None,
            "role": "Houdt toezicht.",
            "to_verify": True,
            "sort_order": 0,
        }
    ]
    base = {"pk": flagged.pk, "name": flagged.name, "slug": flagged.slug, "roles": roles, "live": True}
    older = old_revision(apps, flagged, {**base, "to_verify": False})
    latest = old_revision(apps, flagged, {**base, "to_verify": True})
    noted_revision = old_revision(apps, noted, {"pk": noted.pk, "name": noted.name, "to_verify": True, "roles": []})
    Organisation.objects.filter(pk=flagged.pk).update(latest_revision=latest, live_revision=latest)
    Organisation.objects.filter(pk=noted.pk).update(latest_revision=noted_revision, live_revision=noted_revision)

    migrate()
    from jv.network.models import Contact as CurrentContact
    from jv.network.models import Organisation as CurrentOrganisation
    from jv.network.models import OrganisationRole as CurrentRole
    from jv.network.upkeep import candidates, collect

    def org(pk):
        o = CurrentOrganisation.objects.get(pk=pk)
        return [o.needs_verification, o.verification_note]

    forward = {
        "flagged": org(flagged.pk),
        "noted": org(noted.pk),
        "checked": org(checked.pk),
        "contact": [
            CurrentContact.objects.get(pk=contact.pk).needs_verification,
            CurrentContact.objects.get(pk=contact.pk).verification_note,
        ],
        "plain_contact": [
            CurrentContact.objects.get(pk=plain_contact.pk).needs_verification,
            CurrentContact.objects.get(pk=plain_contact.pk).verification_note,
        ],
        "role": CurrentRole.objects.get(pk=role.pk).to_verify,
        "latest": revision_content(latest.pk),
        "older": revision_content(older.pk),
        "noted_revision": revision_content(noted_revision.pk),
        "as_object": [
            CurrentOrganisation.objects.get(pk=flagged.pk).get_latest_revision_as_object().needs_verification,
            [
                r.to_verify
                for r in CurrentOrganisation.objects.get(pk=flagged.pk).get_latest_revision_as_object().roles.all()
            ],
        ],
        "parts": [flag.key for flag in collect(candidates())],
    }

    migrate("network", "0001_initial")
    backward = {
        "flagged": column("network_organisation", "to_verify", flagged.pk),
        "contact": column("network_contact", "to_verify", contact.pk),
        "role": column("network_organisationrole", "to_verify", role.pk),
        "latest": revision_content(latest.pk),
        "older": revision_content(older.pk),
    }
    migrate()  # and forward once more: the notes are not written twice
    again = {"flagged": org(flagged.pk), "latest": revision_content(latest.pk)}
    return {"forward": forward, "backward": backward, "again": again, "role_pk": role.pk}
