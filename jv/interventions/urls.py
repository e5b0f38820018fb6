"""Public pages of the interventions module (mounted at /interventies/)."""

from django.urls import path

from jv.interventions import views

app_name = "interventions"

# Fixed paths first: they are reserved and can never be an intervention's slug (models.RESERVED_SLUGS).
urlpatterns = [
    path("", views.intervention_list, name="list"),
    path("factoren/", views.factor_framework, name="factors"),
    path("gesprekshulp/", views.conversation_aid, name="conversation_aid"),
    path("vergelijk/", views.compare, name="compare"),
    path("strategie/", views.strategy, name="strategy"),
    path("strategie/csv/", views.strategy_csv, name="strategy_csv"),
    path("strategie/pdf/", views.strategy_pdf, name="strategy_pdf"),
    path("<slug:slug>/", views.intervention_detail, name="detail"),
]
