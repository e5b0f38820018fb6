from django.urls import path

from jv.upkeep import views

app_name = "upkeep"

urlpatterns = [
    path("", views.news, name="news"),
    path("feed.atom", views.news_feed, name="feed"),
]
