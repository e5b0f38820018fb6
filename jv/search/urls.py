"""Public pages of the search module (mounted at /zoeken/)."""

app_name = "search"

urlpatterns: list = []
