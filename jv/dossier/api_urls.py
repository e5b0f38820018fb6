from django.urls import path

from jv.dossier import api

urlpatterns = [
    path("themes/", api.ThemeList.as_view(), name="themes"),
    path("resources/", api.ResourceList.as_view(), name="resources"),
]
