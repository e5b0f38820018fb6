import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jv.accounts.members import create_member


class Command(BaseCommand):
    help = "Create a network member. Password from MEMBER_PASSWORD, or asked for when unset."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")

    def handle(self, *args, username, email, **options):
        password = os.environ.get("MEMBER_PASSWORD")
        if not password:
            password = getpass.getpass(_("Password: "))
            if password != getpass.getpass(_("Password (again): ")):
                raise CommandError(_("The passwords do not match."))
        try:
            user = create_member(username, email, password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(_("Network member %(name)s created.") % {"name": user.username}))
