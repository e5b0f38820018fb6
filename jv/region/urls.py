"""Public pages of the region module (mounted at /, before Wagtail's catch-all)."""

from django.urls import path

from jv.region import views

app_name = "region"

urlpatterns = [
    path("gemeenten/", views.gemeente_index, name="gemeenten"),
    path("gemeenten/<slug:slug>/", views.gemeente_detail, name="gemeente"),
    path("convenanten/", views.agreement_index, name="agreements"),
    path("convenanten/<slug:slug>/", views.agreement_detail, name="agreement"),
    path("signalen/", views.signal_index, name="signals"),
    path("signalen/<slug:slug>/", views.signal_detail, name="signal"),
    path("contact-var/", views.contact, name="contact"),
    path("contact-var/verzonden/", views.contact_sent, name="contact_sent"),
]
