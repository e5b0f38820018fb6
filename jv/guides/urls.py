"""Public pages of the guides module (mounted at /routekaarten/)."""

from django.urls import path

from jv.guides import views

app_name = "guides"

urlpatterns = [
    path("", views.guide_list, name="list"),
    path("<slug:slug>/", views.guide_detail, name="detail"),
    path("<slug:slug>/samenvatting/", views.guide_summary, name="summary"),
    path("<slug:slug>/samenvatting.pdf", views.guide_summary_pdf, name="summary_pdf"),
]
