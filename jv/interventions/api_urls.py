"""API endpoints of the interventions module, mounted under /api/v1/."""

urlpatterns: list = []
