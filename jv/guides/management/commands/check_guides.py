"""Check every guide (in the database and in content/guides/) with the guide validator."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jv.guides.models import Guide
from jv.guides.starter import GUIDES_DIR, check_guide_data, read_guide_files
from jv.guides.validation import validate_guide


class Command(BaseCommand):
    help = "Validate the starter guide files and every guide in the database (live version and latest draft)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(GUIDES_DIR), help="Folder with the guide YAML files.")

    def handle(self, *args, dir, **options):
        problems = []
        files = read_guide_files(Path(dir))
        for name, data in files:
            problems += check_guide_data(name, data)
        guides = list(Guide.objects.order_by("slug"))
        for guide in guides:
            versions = [("live" if guide.live else "concept", guide)]
            if guide.has_unpublished_changes and guide.latest_revision_id:
                versions.append(("laatste concept", guide.latest_revision.as_object()))
            for label, version in versions:
                for problem in validate_guide(version.kind, version.graph.steps, list(version.sources)):
                    problems.append(f"{guide.slug} ({label}): {problem.message}")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} probleem/problemen gevonden.")
        self.stdout.write(f"Routekaarten in orde: {len(files)} bestanden, {len(guides)} in de database.")
