from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jv.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from jv.accounts import checks  # noqa: F401 - registers the system checks
        from jv.accounts.sessions import set_session_end

        user_logged_in.connect(set_session_end, dispatch_uid="jv-accounts-session-end")
