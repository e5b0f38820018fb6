from django.core.management.base import BaseCommand

from jv.core.cache import bump, content_version


class Command(BaseCommand):
    help = (
        "Invalidate every cached page, feed, PDF and API answer on every instance at once, by "
        "giving the content a new version. Use after changing content outside the app (SQL, a "
        "restored backup); a publish or save in the app does this by itself."
    )

    def handle(self, *args, **options):
        before = content_version()
        bump()
        self.stdout.write(f"Content version {before} -> {content_version()}")
