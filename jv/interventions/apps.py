from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "jv.interventions"
    label = "interventions"
    verbose_name = _("Interventions")

    def ready(self):
        from jv.core import navigation, panels, sitemaps, starter
        from jv.interventions import search
        from jv.interventions.panels import render_theme_panel
        from jv.interventions.sitemaps import InterventionPagesSitemap, InterventionSitemap

        search.register()
        sitemaps.register("interventions", InterventionSitemap)
        sitemaps.register("interventions-pages", InterventionPagesSitemap)
        panels.register_theme_panel("interventions", render_theme_panel, order=20)
        navigation.register(_("Interventions"), "/interventies/", order=30)
        starter.register("interventions", "Interventiewijzer", "jv.interventions.starter.load_interventions", order=30)
        # Upkeep: review schedule, "te controleren", link checker, "Wat is er nieuw", backup.
        from jv.upkeep import registry as upkeep

        upkeep.register(
            self.get_model("Intervention"),
            label=_("Intervention"),
            url_fields=["source_url", "link"],
            themes=lambda intervention: intervention.themes.all(),
            prefetch=["themes"],
        )
        # Factors: "te controleren" and their source links; framework data, no review schedule.
        upkeep.register(self.get_model("Factor"), label=_("Risk or protective factor"), track_changes=False)
        upkeep.register(self.get_model("QualityWarning"), label=_("Quality framework warning"), track_changes=False)
