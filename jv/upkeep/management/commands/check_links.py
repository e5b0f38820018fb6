"""Check every external link in the content and record the results (dashboard, edit forms).

Exit status: 0 = every address was checked (broken links are a result, not an error),
3 = the deadline was reached before all addresses were checked (the rest follows next run),
2 = wrong arguments.
"""

import math

from django.core.management.base import BaseCommand, CommandError

from jv.upkeep import linkcheck


def _positive(kind):
    def parse(value):
        try:
            number = kind(value)
        except ValueError:
            raise CommandError(f"'{value}' is geen geldig getal.", returncode=2) from None
        if not math.isfinite(number) or number <= 0:
            raise CommandError(f"'{value}' moet groter dan 0 zijn.", returncode=2)
        return number

    return parse


class Command(BaseCommand):
    help = "Controleer alle externe links in de inhoud (HEAD, zo nodig GET) en leg de uitkomst vast."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only-due",
            action="store_true",
            help="Alleen links die aan de beurt zijn: nooit gecontroleerd, de vorige keer niet in orde, "
            "of langer dan UPKEEP_LINK_RECHECK_DAYS geleden gecontroleerd.",
        )
        parser.add_argument(
            "--deadline", type=_positive(float), help="Stop na zoveel seconden (standaard UPKEEP_LINK_DEADLINE)."
        )
        parser.add_argument(
            "--concurrency", type=_positive(int), help="Verzoeken tegelijk (standaard UPKEEP_LINK_CONCURRENCY)."
        )
        parser.add_argument("--host-interval", type=float, help="Seconden tussen verzoeken aan dezelfde server.")

    def handle(self, *args, **options):
        config = linkcheck.CheckConfig.from_settings(
            deadline=options["deadline"], concurrency=options["concurrency"], host_interval=options["host_interval"]
        )
        report = linkcheck.run(only_due=options["only_due"], config=config)
        run = report.run
        if options["verbosity"] >= 2:
            for url, result in sorted(report.results.items()):
                detail = result.error or (f"-> {result.redirect_target}" if result.redirect_target else "")
                self.stdout.write(f"{result.outcome:9} {result.status_code or '':>3} {url} {detail}".rstrip())
        refused = sum(1 for r in report.results.values() if r.outcome == linkcheck.Outcome.REFUSED)
        self.stdout.write(
            f"{run.checked} van {run.total} adressen gecontroleerd: {run.failing} kapot of onbereikbaar, "
            f"{run.redirected} doorverwezen"
            + (f", {refused} geweigerd (intern adres, niet benaderd)." if refused else ".")
        )
        if report.unchecked:
            raise CommandError(
                f"Tijdslimiet bereikt: {len(report.unchecked)} adres(sen) niet gecontroleerd; die volgen bij de volgende run.",
                returncode=3,
            )
