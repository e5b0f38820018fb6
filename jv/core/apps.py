from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jv.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from jv.core import cache, validators

        cache.connect()
        validators.install()  # https/http/mailto/tel only, on every URL field, URL block and rich text
