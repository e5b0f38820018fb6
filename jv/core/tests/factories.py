"""What the content factories of every module share."""

import factory

from jv.core.visibility import Visibility


def many_to_many(name):
    """A post-generation declaration: ``Factory(name=[...])`` sets the many-to-many field ``name``
    once the object exists, then saves it (a ``ParentalManyToManyField`` is stored on save)."""

    def set_related(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, name).set(extracted)
            obj.save()

    return factory.PostGeneration(set_related)


class LiveContentFactory(factory.django.DjangoModelFactory):
    """Base of the factories of editable content: public and live unless a test says otherwise."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    visibility = Visibility.PUBLIC
    live = True
