from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jv.monitor.importing import MAX_BYTES, import_file


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
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(_("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)})
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read the file: %(error)s") % {"error": error.strerror or error}) from None
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(_("Unknown user: %(user)s") % {"user": user})
        result, record = import_file(data, path.name, user=account, dry_run=dry_run)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                _("%(count)s error(s) found; nothing was imported. Correct the file and try again.")
                % {"count": len(result.errors)}
            )
        if result.parsed.ignored_columns:
            self.stdout.write(_("Ignored columns: %(columns)s") % {"columns": ", ".join(result.parsed.ignored_columns)})
        values = {"rows": len(result.parsed.rows), "summary": result.summary()}
        if dry_run:
            self.stdout.write(_("Dry run (nothing was saved): %(rows)s rows: %(summary)s.") % values)
        else:
            self.stdout.write(_("Imported: %(rows)s rows: %(summary)s.") % values)
        if record is not None:
            self.stdout.write(_("Recorded as import #%(id)s.") % {"id": record.pk})
