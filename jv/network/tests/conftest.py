import pytest

from jv.dossier.models import ThemePage
from jv.network.tests.factories import ContactFactory, OrganisationFactory, add_role

SECRET = {
    "name": "Zoë Geheimnaam",
    "function": "Coördinator Geheimfunctie",
    "email": "zoe.geheimnaam@example.org",
    "phone": "+31 10 555 0199",
    "consent_basis": "Toestemmingsnotitie-XYZ",
}


@pytest.fixture
def lvb(db):
    return ThemePage.objects.get(slug="lvb")


@pytest.fixture
def secret_contact(lvb):
    """A contact whose every field is a unique marker string, at a public organisation."""
    organisation = OrganisationFactory(name="Openbare Partnerorganisatie", slug="openbare-partner", themes=[lvb])
    add_role(organisation, lvb, "Doet openbaar werk bij LVB.")
    return ContactFactory(organisation=organisation, themes=[lvb], **SECRET)


@pytest.fixture
def secret_values():
    values = dict(SECRET)
    values["phone_digits"] = "+31105550199"
    return values


@pytest.fixture
def var_contact(db):
    """The dossier's regional account holder as a contact with recorded consent. The starter file
    does not load her: her consent is not recorded yet (content/network/contacts.yaml)."""
    from jv.network.models import Organisation

    return ContactFactory(
        name="Iris Willems",
        function="Regionaal accounthouder Jeugd & Veiligheid",
        organisation=Organisation.objects.get(slug="var"),
        email="i.willems3@rotterdam.nl",
        phone="",
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached PDFs live in the process-wide cache; each test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
