"""Public pages of the network module (mounted at /, before Wagtail's catch-all)."""

from django.urls import path

from jv.network import views

app_name = "network"

urlpatterns = [
    path("netwerk/", views.network_index, name="index"),
    path("netwerk/contactpersonen/", views.contact_list, name="contacts"),
    path("netwerk/organisaties/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("agenda/abonneren/", views.subscribe, name="subscribe"),
    path("agenda/<str:token>.ics", views.personal_ics, name="personal_ics"),
    path("agenda/<slug:slug>/", views.event_detail, name="event"),
    path("agenda/<slug:slug>/kalender.ics", views.event_ics, name="event_ics"),
    path("dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
    path("themas/<slug:slug>/pdf/", views.theme_pdf, name="theme_pdf"),
]
