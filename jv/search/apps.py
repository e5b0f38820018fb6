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
        from django.db.models.signals import post_migrate

        post_migrate.connect(_clear_side_tables_after_flush, sender=self, dispatch_uid="jv-search-after-flush")
        starter.register("search", "Zoeken", "jv.search.starter.load_starter", order=90)
        starter.register_wrapper("jv.search.index.deferred")

        # Backup and restore (jv.upkeep): the editors' synonym list is content; the index is
        # derived, so it is rebuilt after a restore instead of being exported.
        from jv.search.index import rebuild
        from jv.search.models import Synonym
        from jv.upkeep import registry as upkeep

        upkeep.register_exportable(Synonym)
        upkeep.register_post_import(rebuild)

        # /readyz reports whether the semantic model is loaded (without it search works by words).
        from jv.ops import health
        from jv.search import semantic

        health.register_detail("search", semantic.status)


def _clear_side_tables_after_flush(using="default", **kwargs):
    """After `flush` (which emits post_migrate) the entries are gone: empty the full-text side
    table too, which is no Django model and so is not truncated by the flush itself."""
    from django.db import connections, transaction

    from jv.search.backends import backend_for
    from jv.search.models import SearchEntry

    try:
        if SearchEntry.objects.using(using).exists():
            return
        backend = backend_for(connections[using])
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {backend.table}")
    except Exception:  # the table may not exist yet during the very first migrate
        return
