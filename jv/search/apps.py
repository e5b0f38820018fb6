from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "jv.search"
    label = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from jv.core import starter
        from jv.search import signals

        signals.connect()
        starter.register("search", "Zoeken", "jv.search.starter.load_starter", order=90)

        # Backup and restore (jv.upkeep): the editors' synonym list is content; the index is
        # derived, so it is rebuilt after a restore instead of being exported.
        from jv.search.index import rebuild
        from jv.search.models import Synonym
        from jv.upkeep import registry as upkeep

        upkeep.register_exportable(Synonym)
        upkeep.register_post_import(rebuild)
