from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "jv.dossier"
    label = "dossier"
    verbose_name = _("Dossier")

    def ready(self):
        from jv.core import navigation, sitemaps, starter
        from jv.dossier import search
        from jv.dossier.sitemaps import ResourceSitemap
        from jv.upkeep import registry as upkeep

        sitemaps.register("resources", ResourceSitemap)
        search.register()
        starter.register("dossier", "Dossier", "jv.dossier.starter.load_starter_content", order=10)
        navigation.register(_("Themes"), "/themas/", order=10)
        navigation.register(_("Resources"), "/bronnen/", order=20)
        # Upkeep: review schedule, "te controleren", link checker, "Wat is er nieuw", backup.
        upkeep.register(
            self.get_model("Resource"),
            label=_("Resource"),
            url_fields=["url"],
            themes=lambda resource: resource.themes.all(),
            prefetch=["themes"],
        )
        upkeep.register(self.get_model("ThemePage"), label=_("Theme"), themes=lambda page: [page])
        upkeep.register_themes(lambda: self.get_model("ThemePage").objects.all())
        upkeep.register(self.get_model("IntroPage"), label=_("Introduction page"))
