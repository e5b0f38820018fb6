"""Write all editorial content to DIR as versioned, human-readable JSON files (see docs/upkeep.md)."""

from django.core.management.base import BaseCommand, CommandError

from jv.backup.content import RestoreError, export_content


class Command(BaseCommand):
    help = "Exporteer alle redactionele inhoud naar een (nieuwe, lege) map: één JSON-bestand per model plus manifest."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Doelmap; wordt aangemaakt en moet leeg zijn.")

    def handle(self, *args, **options):
        try:
            report = export_content(options["directory"])
        except RestoreError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Kan niet schrijven in {options['directory']}: {error}") from None
        for warning in report.warnings:
            self.stderr.write(f"let op: {warning}")
        total = sum(report.counts.values())
        for label, count in report.counts.items():
            if options["verbosity"] >= 2 or count:
                self.stdout.write(f"{label:40} {count:6}")
        self.stdout.write(f"Export klaar in {report.directory}: {total} rijen, {report.media} bestanden.")
