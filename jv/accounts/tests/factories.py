import factory
from django.contrib.auth import get_user_model


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"lid{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("Voorbeeld-wachtwoord-42")
    is_active = True
