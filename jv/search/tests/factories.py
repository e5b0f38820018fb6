import factory

from jv.dossier.models import Resource
from jv.search.models import Synonym


class SynonymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Synonym

    terms = "fiets\nrijwiel"
    kind = Synonym.Kind.SYNONYM


def make_resource(title, summary="", visibility="public", themes=(), publish=True, **extra):
    """A resource created and published the way an editor does it (revision + publish)."""
    from django.utils.text import slugify

    resource = Resource(
        title=title,
        slug=extra.pop("slug", slugify(title)[:200]),
        summary=summary,
        visibility=visibility,
        kind=extra.pop("kind", Resource.Kind.DOCUMENT),
        live=publish,  # a new item saved as draft in the admin is not live
        **extra,
    )
    resource.save()
    if themes:
        resource.themes.set(list(themes))
        resource.save()
    if publish:
        resource.save_revision().publish()
    return resource
