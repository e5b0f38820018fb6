"""API endpoints of the search module, mounted under /api/v1/."""

from django.urls import path

from jv.search import api

urlpatterns = [
    path("search/", api.SearchView.as_view(), name="search"),
]
