from django.core.management.base import BaseCommand, CommandError

from jv.core import searchable
from jv.search import analyzer, index


class Command(BaseCommand):
    help = "Rebuild the search index from all registered content (in one transaction)."

    def add_arguments(self, parser):
        parser.add_argument("--type", action="append", dest="types", help="Only this type (repeatable).")
        parser.add_argument("--if-stale", action="store_true", help="Only when the index is empty or out of date.")

    def handle(self, *args, types=None, if_stale=False, **options):
        unknown = [name for name in types or [] if name not in searchable.REGISTRY]
        if unknown:
            raise CommandError(
                f"Onbekend type: {', '.join(unknown)}. Bekend: {', '.join(sorted(searchable.REGISTRY))}."
            )
        if if_stale and not index.is_stale():
            self.stdout.write("Zoekindex is actueel.")
            return
        count = index.rebuild(types)
        self.stdout.write(f"Zoekindex opnieuw opgebouwd: {count} documenten (analyzer {analyzer.analyzer_version()}).")
