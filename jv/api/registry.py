"""What the API offers, in one place: the list endpoints (every list follows the same convention,
and the tests check each one) and the paths that are for members only (never CORS)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

PREFIX = "/api/v1/"


@dataclass(frozen=True)
class ListEndpoint:
    path: str
    params: dict = field(default_factory=dict)  # required query parameters for a valid request
    members_only: bool = False


LIST_ENDPOINTS = [
    ListEndpoint("/api/v1/themes/"),
    ListEndpoint("/api/v1/resources/"),
    ListEndpoint("/api/v1/search/", {"q": "jongeren"}),
    ListEndpoint("/api/v1/interventions/"),
    ListEndpoint("/api/v1/factors/"),
    ListEndpoint("/api/v1/guides/"),
    ListEndpoint("/api/v1/monitor/areas/"),
    ListEndpoint("/api/v1/monitor/indicators/"),
    ListEndpoint("/api/v1/organisations/"),
    ListEndpoint("/api/v1/events/", {"period": "all"}),
    ListEndpoint("/api/v1/contacts/", members_only=True),
    ListEndpoint("/api/v1/gemeenten/"),
]

MEMBERS_ONLY = tuple(endpoint.path for endpoint in LIST_ENDPOINTS if endpoint.members_only)


def is_public_path(path: str) -> bool:
    return path.startswith(PREFIX) and not path.startswith(MEMBERS_ONLY)


# Open data (jv/opendata.py registers its datasets here, so the docs page needs no import of it).
OPEN_DATA_SCHEMA_VERSION = 1
OPEN_DATA_LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.nl",
    "attribution": "VeiligheidsAlliantie Regio Rotterdam (VAR), kennisplatform Jeugd & Veiligheid",
    "statement": (
        "U mag deze gegevens vrij gebruiken, delen en bewerken, ook commercieel, mits u de bron "
        "vermeldt: VeiligheidsAlliantie Regio Rotterdam (VAR), kennisplatform Jeugd & Veiligheid."
    ),
}
# Titles of the datasets, here so that they are translated with the API's messages.
OPEN_DATA_TITLES = {
    "resources": _("Resources of the knowledge base"),
    "interventions": _("Interventions with their risk and protective factors"),
    "organisations": _("Organisations in the network and their roles"),
    "guides": _("Guides (routekaarten and step models)"),
}
OPEN_DATA: dict = {}  # name -> dataset (with .name, .title, .fields)
