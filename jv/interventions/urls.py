"""Public pages of the interventions module (mounted at /interventies/)."""

app_name = "interventions"

urlpatterns: list = []
