from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from jv.monitor.periods import Period
from jv.monitor.report import available_periods, render_pdf


class _ReportMember:
    """Stands in for a signed-in member when an editor asks for the members' version."""

    is_authenticated = True
    is_active = True
    is_anonymous = False


class Command(BaseCommand):
    help = "Write the half-year youth chapter as a tagged PDF (public version unless --members)."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="Half-year, e.g. 2025-H2")
        parser.add_argument("--out", required=True, help="Output file (.pdf)")
        parser.add_argument("--members", action="store_true", help="Exact small numbers: for network members only.")

    def handle(self, *args, period, out, members, **options):
        try:
            chosen = Period.parse(period)
        except ValueError:
            raise CommandError(f"Ongeldige periode '{period}': gebruik JJJJ-H1 of JJJJ-H2.") from None
        if chosen not in available_periods():
            raise CommandError(f"Er zijn geen cijfers voor {chosen}.")
        user = _ReportMember() if members else AnonymousUser()
        pdf = render_pdf(chosen, user, members_version=members)
        try:
            Path(out).write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Kan {out} niet schrijven: {error.strerror or error}") from None
        version = "ledenversie" if members else "openbare versie"
        self.stdout.write(f"Rapport {chosen} ({version}) geschreven naar {out} ({len(pdf) // 1024} kB).")
