"""Public pages of the guides module (mounted at /routekaarten/)."""

app_name = "guides"

urlpatterns: list = []
