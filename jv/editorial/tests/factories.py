"""Users in the shipped editorial roles."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from jv.editorial import roles

PASSWORD = "Een-lang-wachtwoord-123"


def user_in(role: str, username: str | None = None, **extra):
    user = get_user_model().objects.create_user(
        username or f"{role.lower()}-test", f"{(username or role).lower()}@example.org", PASSWORD, **extra
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def client_for(user) -> Client:
    """Signed in with a verified second factor, as the admin requires."""
    from jv.accounts.tests.second_factor import sign_in_verified

    return sign_in_verified(Client(), user)


ALL_ROLES = roles.ROLES
