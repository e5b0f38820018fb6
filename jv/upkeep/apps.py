from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpkeepConfig(AppConfig):
    name = "jv.upkeep"
    label = "upkeep"
    verbose_name = _("Upkeep")

    def ready(self):
        from jv.core import navigation, panels
        from jv.upkeep import changes, registry, verification, views

        registry.register_builtin()
        changes.connect_signals()
        verification.connect_signals()
        navigation.register(_("New"), "/nieuw/", order=70)
        panels.register_theme_panel("upkeep_news", views.render_theme_news_panel, order=90)
