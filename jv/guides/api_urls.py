"""API endpoints of the guides module, mounted under /api/v1/."""

from django.urls import path

from jv.guides import api

urlpatterns = [
    path("guides/", api.GuideList.as_view(), name="guides"),
    path("guides/<slug:slug>/", api.GuideDetail.as_view(), name="guide"),
]
