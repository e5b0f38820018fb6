from django.urls import path

from jv.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("tweestapsverificatie/", views.otp_verify, name="otp_verify"),
    path("tweestapsverificatie/instellen/", views.otp_setup, name="otp_setup"),
    path("tweestapsverificatie/reservecodes/", views.otp_backup_codes, name="otp_backup_codes"),
]
