from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jv.core import starter


class Command(BaseCommand):
    help = "Load the starter content of every module (idempotent: existing objects are left alone unless --update)."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true", help="Overwrite existing objects with the files' version.")
        parser.add_argument("--dir", help="Load only the dossier, from this folder of YAML files.")

    def handle(self, *args, update, dir=None, **options):
        if dir:
            from jv.dossier.starter import load_starter_content

            self._run("Dossier", lambda: load_starter_content(Path(dir), update=update))
            return
        with starter.loading():
            for loader in starter.loaders():
                self._run(loader.label, lambda loader=loader: starter.run(loader, update))

    def _run(self, label, load):
        try:
            report = load()
        except ValidationError as error:
            raise CommandError(f"{label} niet geladen: " + "; ".join(error.messages)) from error
        self.stdout.write(f"{label}: {report.summary()}")
