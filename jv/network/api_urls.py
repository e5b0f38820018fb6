"""API endpoints of the network module, mounted under /api/v1/."""

from django.urls import path

from jv.network import api

urlpatterns = [
    path("organisations/", api.OrganisationList.as_view(), name="organisations"),
    path("organisations/<slug:slug>/", api.OrganisationDetail.as_view(), name="organisation"),
    path("events/", api.EventList.as_view(), name="events"),
    path("contacts/", api.ContactList.as_view(), name="contacts"),
]
