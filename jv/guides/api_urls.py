"""API endpoints of the guides module, mounted under /api/v1/."""

urlpatterns: list = []
