"""Search registration: organisations and events become documents; contacts never do."""

from django.contrib.auth.models import AnonymousUser

from jv.core import searchable
from jv.core.visibility import level_of
from jv.network.models import Contact, Event, Organisation


def test_organisation_document(db):
    registration = searchable.REGISTRY["organisation"]
    organisation = Organisation.objects.get(slug="gemeente")
    document = registration.to_document(organisation)
    assert document.type == "organisation"
    assert document.key == f"organisation:{organisation.pk}"
    assert document.url == "/netwerk/organisaties/gemeente/"
    assert "Leerplicht" in document.body and "regie" in document.body.lower()
    assert "lvb" in document.themes
    assert level_of(organisation) == "public"


def test_event_document_and_members_only_level(db):
    registration = searchable.REGISTRY["event"]
    event = Event.objects.get(slug="voorbeeld-netwerkbijeenkomst-jeugd-en-veiligheid-februari")
    document = registration.to_document(event)
    assert document.type == "event" and document.url == event.get_url()
    assert "11 februari 2027" in document.body and "voorbeeld" in document.body
    assert level_of(event) == "members"  # the search app stores this and filters on it


def test_registered_querysets_hold_no_contacts(db, var_contact):
    for registration in searchable.REGISTRY.values():
        assert registration.model is not Contact
        assert not issubclass(registration.queryset().model, Contact)
    assert level_of(Contact.objects.first()) == "members"
    assert AnonymousUser().is_authenticated is False
