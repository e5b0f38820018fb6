from django.core.management.base import BaseCommand

from jv.search.models import QUERY_LOG_RETENTION_DAYS, SearchQuery


class Command(BaseCommand):
    help = f"Remove search-log entries older than {QUERY_LOG_RETENTION_DAYS} days."

    def handle(self, *args, **options):
        deleted = SearchQuery.purge()
        self.stdout.write(f"Zoeklog: {deleted} regels ouder dan {QUERY_LOG_RETENTION_DAYS} dagen verwijderd.")
