from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

MEMBERS_GROUP = "Netwerkleden"


@transaction.atomic
def create_member(username: str, email: str, password: str):
    """Create an active network member. Raises ValidationError with a Dutch message."""
    User = get_user_model()
    username = (username or "").strip()
    email = (email or "").strip()
    if not username:
        raise ValidationError(_("A username is required."))
    validate_email(email)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("A user with this username already exists."))
    user = User(username=username, email=email, is_active=True)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    group, _created = Group.objects.get_or_create(name=MEMBERS_GROUP)
    user.groups.add(group)
    return user
