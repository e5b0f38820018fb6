"""API endpoints of the region module, mounted under /api/v1/."""

from django.urls import path

from jv.region import api

urlpatterns = [
    path("gemeenten/", api.GemeenteList.as_view(), name="gemeenten"),
    path("gemeenten/<slug:slug>/", api.GemeenteDetail.as_view(), name="gemeente"),
]
