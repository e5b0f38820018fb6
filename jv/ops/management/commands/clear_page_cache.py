from django.core.cache import cache
from django.core.management.base import BaseCommand

from jv.core.cache import KEY, content_version


class Command(BaseCommand):
    help = (
        "Invalidate every cached page, feed, PDF and API answer on every instance at once, by "
        "giving the content a new version. Use after changing content outside the app (SQL, a "
        "restored backup); a publish or save in the app does this by itself."
    )

    def handle(self, *args, **options):
        import time

        before = content_version()
        cache.set(KEY, str(time.time_ns()), timeout=None)
        self.stdout.write(f"Content version {before} -> {content_version()}")
