from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "jv.guides"
    label = "guides"
    verbose_name = _("Guides")

    def ready(self):
        from jv.core import navigation, panels, sitemaps, starter
        from jv.guides import search
        from jv.guides.panels import render_guides_for_theme
        from jv.guides.sitemaps import GuideSitemap

        navigation.register(_("Guides"), "/routekaarten/", order=40)
        search.register()
        panels.register_theme_panel("guides", render_guides_for_theme, order=30)
        sitemaps.register("guides", GuideSitemap)
        starter.register("guides", "Routekaarten", "jv.guides.starter.load_guides", order=40)
