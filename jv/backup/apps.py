from django.apps import AppConfig


class BackupConfig(AppConfig):
    """Backup and restore of all editorial content (``export_content`` / ``import_content``).

    Which tables are content comes from the upkeep registry (``upkeep.register`` and
    ``upkeep.register_exportable``); this app only writes and reads the export files.
    """

    name = "jv.backup"
    label = "backup"
    verbose_name = "Backup"
