"""API endpoints of the monitor module, mounted under /api/v1/."""

urlpatterns: list = []
