"""Public pages of the network module (mounted at /)."""

app_name = "network"

urlpatterns: list = []
