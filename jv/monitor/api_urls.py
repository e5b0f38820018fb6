"""API endpoints of the monitor module, mounted under /api/v1/."""

from django.urls import path

from jv.monitor import api

urlpatterns = [
    path("monitor/areas/", api.AreaList.as_view(), name="monitor-areas"),
    path("monitor/indicators/", api.IndicatorList.as_view(), name="monitor-indicators"),
    path("monitor/series/", api.SeriesView.as_view(), name="monitor-series"),
]
