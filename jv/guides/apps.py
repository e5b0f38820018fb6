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
        # Upkeep: review schedule, "te controleren", link checker (source links in the sources
        # stream, links in the steps), "Wat is er nieuw", backup.
        from jv.upkeep import registry as upkeep

        upkeep.register(
            self.get_model("Guide"),
            label=_("Guide"),
            themes=lambda guide: guide.themes.all(),
            prefetch=["themes"],
        )
        # The "te controleren" boxes of single steps, signals and terms: listed on the dashboard too.
        from jv.guides import upkeep as guide_upkeep

        guide_upkeep.register()
