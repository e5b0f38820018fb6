"""Weekly e-mail to every review owner: overdue and soon-due items, "te controleren", broken links.

Cron-friendly: run it daily or weekly; per ISO week each owner gets at most one e-mail.
Exit status: 0 = done (also when there was nothing to send), 1 = at least one e-mail could not be
sent (the others were sent; the next run retries the failed ones), 2 = wrong arguments.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from jv.upkeep.digest import send_digests
from jv.upkeep.review import today


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ongeldige datum '{value}' (verwacht JJJJ-MM-DD).", returncode=2) from None


class Command(BaseCommand):
    help = "Stuur het wekelijkse onderhoudsoverzicht naar de eigenaren van items (eens per ISO-week)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Doe alsof het deze datum is (JJJJ-MM-DD); standaard vandaag.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Laat zien wat verstuurd zou worden, verstuur niets."
        )

    def handle(self, *args, **options):
        on = _date(options["date"]) if options["date"] else today()
        report = send_digests(on, dry_run=options["dry_run"])
        year, week = report.week
        verb = "zou versturen" if options["dry_run"] else "verstuurd"
        for digest in report.sent:
            self.stdout.write(f"{verb}: {digest.email} ({digest.count} items)")
        for digest in report.already_sent:
            self.stdout.write(f"al verstuurd in week {week}: {digest.email}")
        for key in report.skipped:
            self.stderr.write(f"overgeslagen: eigenaar {key} is niet actief of heeft geen e-mailadres")
        for digest, error in report.failed:
            self.stderr.write(f"mislukt: {digest.email}: {error}")
        self.stdout.write(
            f"Week {year}-W{week:02d}: {len(report.sent)} {verb}, {len(report.already_sent)} al eerder verstuurd, "
            f"{len(report.failed)} mislukt."
        )
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} overzicht(en) niet verstuurd; de volgende run probeert het opnieuw."
            )
