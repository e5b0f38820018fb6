from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jv.monitor.importing import import_file


class Command(BaseCommand):
    help = (
        "Import half-year monitor figures from CSV or XLSX (columns gemeentecode, indicator, periode, aantal). "
        "All or nothing: any invalid row rejects the whole file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (comma or semicolon, UTF-8) or XLSX file")
        parser.add_argument("--dry-run", action="store_true", help="Check and count only; change nothing.")
        parser.add_argument("--user", help="User name to record as the importer.")

    def handle(self, *args, file, dry_run, user=None, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Bestand niet te lezen: {error.strerror or error}") from None
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"Onbekende gebruiker: {user}")
        result, record = import_file(data, path.name, user=account, dry_run=dry_run)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(result.errors)} fout(en) gevonden; er is niets ingelezen. Herstel het bestand en probeer het opnieuw."
            )
        if result.parsed.ignored_columns:
            self.stdout.write("Genegeerde kolommen: " + ", ".join(result.parsed.ignored_columns))
        prefix = "Proefimport (er is niets opgeslagen)" if dry_run else "Ingelezen"
        self.stdout.write(f"{prefix}: {len(result.parsed.rows)} regels: {result.summary()}.")
        if record is not None:
            self.stdout.write(f"Vastgelegd als import #{record.pk}.")
