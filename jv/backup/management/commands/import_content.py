"""Restore an export of export_content into an empty database, all or nothing (see docs/upkeep.md)."""

from django.core.management.base import BaseCommand, CommandError

from jv.backup.content import RestoreError, import_content


class Command(BaseCommand):
    help = (
        "Zet een export van export_content terug in een lege, pas gemigreerde database. Alles of niets: "
        "bij een fout blijft de database zoals hij was."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Map met manifest.json en data/.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ook in een database met inhoud: wist eerst alle redactionele inhoud en vervangt die door de export.",
        )
        parser.add_argument(
            "--no-verify",
            action="store_true",
            help="Controlegetallen niet nakijken (alleen als bestanden bewust met de hand zijn aangepast).",
        )

    def handle(self, *args, **options):
        try:
            report = import_content(options["directory"], force=options["force"], verify=not options["no_verify"])
        except RestoreError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Kan de export niet lezen: {error}") from None
        for warning in report.warnings:
            self.stderr.write(f"let op: {warning}")
        total = sum(report.counts.values())
        self.stdout.write(
            f"Teruggezet: {total} rijen uit {len(report.counts)} bestanden, {report.media} mediabestanden."
        )
