"""API endpoints of the network module, mounted under /api/v1/."""

urlpatterns: list = []
