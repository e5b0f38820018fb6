"""API endpoints of the interventions module, mounted under /api/v1/."""

from django.urls import path

from jv.interventions import api

urlpatterns = [
    path("interventions/", api.InterventionList.as_view(), name="interventions"),
    path("factors/", api.FactorList.as_view(), name="factors"),
]
