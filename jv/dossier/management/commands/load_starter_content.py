from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jv.dossier.starter import STARTER_DIR, load_starter_content


class Command(BaseCommand):
    help = "Load the starter content (idempotent; existing objects are left alone unless --update)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(STARTER_DIR), help="Folder with the YAML files.")
        parser.add_argument("--update", action="store_true", help="Overwrite existing objects with the files' version.")

    def handle(self, *args, dir, update, **options):
        try:
            report = load_starter_content(Path(dir), update=update)
        except ValidationError as error:
            raise CommandError("Startinhoud niet geladen: " + "; ".join(error.messages)) from error
        self.stdout.write(f"Startinhoud: {report.summary()}")
        from jv.search.starter import load_search_starter_content

        self.stdout.write(f"Zoeken: {load_search_starter_content()}")
