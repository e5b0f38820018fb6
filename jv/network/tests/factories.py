import datetime

import factory
from django.utils import timezone

from jv.core.tests.factories import LiveContentFactory, many_to_many
from jv.network.models import Contact, Event, Organisation, OrganisationRole


class OrganisationFactory(LiveContentFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testorganisatie {n}")
    slug = factory.Sequence(lambda n: f"testorganisatie-{n}")
    kind = Organisation.Kind.OTHER
    website = factory.Sequence(lambda n: f"https://example.org/organisatie/{n}")
    summary = "Een organisatie om mee te testen."
    region = "regio Rotterdam"
    themes = many_to_many("themes")


def add_role(organisation, theme, text, **fields):
    role = OrganisationRole(organisation=organisation, theme=theme, role=text, **fields)
    role.save()
    return role


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Contactpersoon {n}")
    function = "Beleidsadviseur"
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = "010 123 45 67"
    consent_date = datetime.date(2026, 1, 15)
    consent_basis = "Per e-mail aan de redactie"
    themes = many_to_many("themes")


def in_days(days, hour=19, minute=30):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=minute, second=0, microsecond=0)


class EventFactory(LiveContentFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Testbijeenkomst {n}")
    slug = factory.Sequence(lambda n: f"testbijeenkomst-{n}")
    kind = Event.Kind.NETWORK_MEETING
    description = "Een bijeenkomst om mee te testen."
    start = factory.LazyFunction(lambda: in_days(10))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    location = "Stadhuis Rotterdam"
    audience = "professionals"
    themes = many_to_many("themes")
