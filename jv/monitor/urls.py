"""Public pages of the monitor module (mounted at /monitor/)."""

from django.urls import path

from jv.monitor import views

app_name = "monitor"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("rapport.pdf", views.report_pdf, name="report_pdf"),
]
