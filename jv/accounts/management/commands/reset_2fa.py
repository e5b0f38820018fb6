"""Remove a user's second-factor devices (lost phone and backup codes).

The user sets up a new authenticator after the next password login. Check the person's
identity before running this: afterwards the password alone leads to the enrol page.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jv.accounts import twofactor


class Command(BaseCommand):
    help = (
        "Tweestapsverificatie van een gebruiker resetten: app en reservecodes vervallen; opnieuw instellen na inloggen."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"Gebruiker '{username}' bestaat niet.") from None
        removed = twofactor.reset_devices(user)
        # Sessions verified with the old devices lose their verification at the next request
        # (django-otp drops a session's device that no longer exists).
        self.stdout.write(
            self.style.SUCCESS(
                f"Tweestapsverificatie van {username} gereset ({removed} apparaat/apparaten verwijderd). "
                "Bij de volgende keer inloggen stelt de gebruiker een nieuwe app in."
            )
        )
