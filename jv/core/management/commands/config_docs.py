from django.core.management.base import BaseCommand

from jv import envconf


class Command(BaseCommand):
    help = "Print docs/configuration.md, generated from the environment variables the settings read."

    def handle(self, *args, **options):
        self.stdout.write(envconf.render_markdown(), ending="")
