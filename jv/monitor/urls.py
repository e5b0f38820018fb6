"""Public pages of the monitor module (mounted at /monitor/)."""

app_name = "monitor"

urlpatterns: list = []
