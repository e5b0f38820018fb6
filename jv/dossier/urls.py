from django.urls import path

from jv.dossier import views

app_name = "dossier"

urlpatterns = [
    path("", views.resource_list, name="resources"),
    path("<slug:slug>/", views.resource_detail, name="resource"),
]
