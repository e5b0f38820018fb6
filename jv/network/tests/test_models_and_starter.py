"""Validation rules, editing in the Wagtail admin, and the idempotent starter data loader."""

import datetime
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from jv.network.models import Contact, Event, Organisation
from jv.network.starter import NETWORK_DIR, load_network_starter
from jv.network.tests.factories import ContactFactory, EventFactory, OrganisationFactory


def test_contact_requires_consent_and_a_way_to_reach_them(db):
    organisation = OrganisationFactory()
    contact = Contact(name="Zonder toestemming", organisation=organisation, email="a@example.org")
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert {"consent_date", "consent_basis"} <= set(error.value.message_dict)
    contact = Contact(
        name="Onbereikbaar", organisation=organisation, consent_date=datetime.date(2026, 1, 1), consent_basis="mail"
    )
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "email" in error.value.message_dict
    future = timezone.localdate() + datetime.timedelta(days=3)
    contact = Contact(
        name="Toekomst", organisation=organisation, email="t@example.org", consent_date=future, consent_basis="mail"
    )
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "consent_date" in error.value.message_dict
    bad_phone = ContactFactory.build(organisation=organisation, phone="bel me; DROP TABLE")
    with pytest.raises(ValidationError) as error:
        bad_phone.full_clean()
    assert "phone" in error.value.message_dict


def test_event_validation(db):
    event = EventFactory.build(slug="abonneren")
    event.end = event.start - datetime.timedelta(hours=1)
    event.location = ""
    event.online_url = ""
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert {"slug", "end", "location"} <= set(error.value.message_dict)
    nul = EventFactory.build(title="Nul\x00byte")
    with pytest.raises(ValidationError):
        nul.full_clean()


def test_reserved_organisation_slug_is_refused(db):
    with pytest.raises(ValidationError):
        OrganisationFactory.build(slug="contactpersonen").full_clean()


def test_editor_cannot_add_a_contact_without_consent_in_the_admin(editor_client):
    organisation = Organisation.objects.get(slug="halt")
    data = {
        "name": "Nieuw Contact",
        "function": "Adviseur",
        "organisation": organisation.pk,
        "email": "nieuw@example.org",
        "phone": "",
        "consent_date": "",
        "consent_basis": "",
    }
    response = editor_client.post("/admin/snippets/network/contact/add/", data)
    assert response.status_code == 200
    assert not Contact.objects.filter(name="Nieuw Contact").exists()
    data.update(consent_date="2026-11-01", consent_basis="Per e-mail op 1 november")
    response = editor_client.post("/admin/snippets/network/contact/add/", data)
    assert response.status_code == 302
    assert Contact.objects.get(name="Nieuw Contact").consent_date == datetime.date(2026, 11, 1)


def test_editor_edits_an_organisation_with_roles_and_a_revision(editor_client, anon_client, lvb):
    organisation = Organisation.objects.get(slug="koraal")
    revisions = organisation.revisions.count()
    data = nested_form_data(
        {
            "name": "Koraal (herzien)",
            "slug": "koraal",
            "kind": "care",
            "website": "https://www.koraal.nl/",
            "summary": "Nieuwe omschrijving in eigen woorden.",
            "units": "",
            "region": "Zuid-Nederland",
            "themes": [lvb.pk],
            "roles": inline_formset([{"theme": lvb.pk, "role": "Nieuwe rol bij LVB", "to_verify": ""}]),
            "visibility": "public",
            "needs_verification": "",
            "last_reviewed": "",
            "note": "",
        }
    )
    data["action-publish"] = "publish"
    response = editor_client.post(f"/admin/snippets/network/organisation/edit/{organisation.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    organisation.refresh_from_db()
    assert organisation.name == "Koraal (herzien)"
    assert organisation.revisions.count() == revisions + 1
    assert "Nieuwe rol bij LVB" in anon_client.get("/themas/lvb/").content.decode()


def test_editor_sees_network_snippets_in_the_admin(editor_client):
    for url in [
        "/admin/snippets/network/organisation/",
        "/admin/snippets/network/contact/",
        "/admin/snippets/network/event/",
    ]:
        assert editor_client.get(url).status_code == 200, url


def test_anonymous_and_members_cannot_open_the_contact_admin(anon_client, member_client):
    assert anon_client.get("/admin/snippets/network/contact/").status_code == 302
    assert member_client.get("/admin/snippets/network/contact/").status_code in (302, 403)


def test_starter_loader_is_idempotent_and_keeps_editor_changes(db):
    organisation = Organisation.objects.get(slug="halt")
    organisation.summary = "Door de redactie aangepast."
    organisation.save()
    counts = (Organisation.objects.count(), Contact.objects.count(), Event.objects.count())
    report = load_network_starter()
    assert report.total("created") == 0
    assert (Organisation.objects.count(), Contact.objects.count(), Event.objects.count()) == counts
    organisation.refresh_from_db()
    assert organisation.summary == "Door de redactie aangepast."


def test_starter_data_marks_examples_and_unverified_facts(db):
    assert all(event.is_example for event in Event.objects.filter(slug__startswith="voorbeeld-"))
    assert all("voorbeeld" in event.description.lower() for event in Event.objects.filter(is_example=True))
    # Known from the dossier, but her consent is not recorded: the starter file does not load her.
    assert not Contact.objects.filter(email="i.willems3@rotterdam.nl").exists()
    assert Organisation.objects.get(slug="enver").needs_verification
    gemeente = Organisation.objects.get(slug="gemeente")
    assert gemeente.unit_list == [
        "Leerplicht",
        "Jeugdbeleid",
        "Zorg (sociaal domein)",
        "Openbare orde en veiligheid (OOV)",
    ]
    assert gemeente.roles.filter(theme__isnull=True).exists()
    start = timezone.localtime(Event.objects.get(slug="voorbeeld-ouderbijeenkomst-tussen-straat-en-thuis").start)
    assert (start.hour, start.minute, str(start.tzinfo)) == (19, 30, "Europe/Amsterdam")


def _copy_starter(tmp_path: Path) -> Path:
    for name in ("organisations.yaml", "contacts.yaml", "events.yaml"):
        (tmp_path / name).write_text((NETWORK_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_broken_starter_file_changes_nothing(db, tmp_path):
    directory = _copy_starter(tmp_path)
    organisations = yaml.safe_load((directory / "organisations.yaml").read_text())
    organisations.append({"slug": "nieuw-zonder-fouten", "name": "Nieuw", "kind": "other"})
    (directory / "organisations.yaml").write_text(yaml.safe_dump(organisations, allow_unicode=True))
    contacts = [{"key": "x", "name": "Geen Toestemming", "organisation": "halt", "email": "x@example.org"}]
    (directory / "contacts.yaml").write_text(yaml.safe_dump(contacts))
    with pytest.raises(ValidationError) as error:
        load_network_starter(directory)
    assert any("toestemming" in message for message in error.value.messages)
    assert not Organisation.objects.filter(slug="nieuw-zonder-fouten").exists()


@pytest.mark.parametrize(
    "mutation, message",
    [
        (lambda d: d["events"][0].update(start="morgen"), "ongeldige datum"),
        (lambda d: d["events"][0].update(end="2000-01-01T00:00"), "einde ligt voor het begin"),
        (lambda d: d["events"][0].update(kind="feest"), "onbekende soort"),
        (lambda d: d["organisations"][0].update(themes=["bestaat-niet"]), "onbekend thema"),
        (lambda d: d["organisations"][0].update(kind="geheim"), "onbekende soort"),
        (
            lambda d: d["contacts"][0].update(consent_date="2999-01-01", consent_basis="mail", consent_pending=False),
            "toekomst",
        ),
        (lambda d: d["contacts"][0].update(consent_date="2026-01-01"), "toestemming nog niet vastgelegd"),
    ],
)
def test_starter_validation_messages(db, tmp_path, mutation, message):
    directory = _copy_starter(tmp_path)
    data = {
        name: yaml.safe_load((directory / f"{name}.yaml").read_text())
        for name in ("organisations", "contacts", "events")
    }
    mutation(data)
    for name, value in data.items():
        (directory / f"{name}.yaml").write_text(yaml.safe_dump(value, allow_unicode=True))
    with pytest.raises(ValidationError) as error:
        load_network_starter(directory)
    assert any(message in m for m in error.value.messages), error.value.messages


def test_management_command_loads_network_starter_content(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_starter_content", stdout=out)
    assert "Netwerk:" in out.getvalue()
    assert "organisation:unchanged" in out.getvalue()
