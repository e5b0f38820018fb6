"""Public pages of the search module (mounted at /zoeken/)."""

from django.urls import path

from jv.search import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
]
