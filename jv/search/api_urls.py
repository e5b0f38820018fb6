"""API endpoints of the search module, mounted under /api/v1/."""

urlpatterns: list = []
