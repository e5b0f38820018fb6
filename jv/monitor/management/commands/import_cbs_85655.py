from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jv.monitor.cbs import CbsError, import_cbs


class Command(BaseCommand):
    help = "Import CBS StatLine 85655NED-shaped JSON (suspects by age and woongemeente) as context figures."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Bestand niet te lezen: {error.strerror or error}") from None
        try:
            result = import_cbs(data, path.name)
        except CbsError as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(f"{len(error.errors)} fout(en); er is niets ingelezen.") from None
        self.stdout.write(
            f"CBS 85655NED: {result.created} nieuw, {result.updated} bijgewerkt, {result.unchanged} ongewijzigd, "
            f"{result.skipped} zonder waarde overgeslagen."
        )
