import datetime

import factory
from django.utils import timezone

from jv.core.visibility import Visibility
from jv.monitor.models import Area
from jv.region.models import Agreement, Gemeente, Signal


def area_for(code: str) -> Area:
    return Area.objects.get(code=code)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Testconvenant {n}")
    slug = factory.Sequence(lambda n: f"testconvenant-{n}")
    kind = Agreement.Kind.COVENANT
    summary = "Een convenant om mee te testen."
    date = datetime.date(2024, 1, 1)
    date_precision = "year"
    source = "Testbron"
    visibility = Visibility.PUBLIC
    live = True

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if create and extracted:
            self.gemeenten.set(extracted)
            self.save()


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Testsignaal {n}")
    slug = factory.Sequence(lambda n: f"testsignaal-{n}")
    text = "Partners zien een nieuwe manier van ronselen."
    observed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    source = "Netwerk Jeugd en Veiligheid"
    visibility = Visibility.PUBLIC
    live = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
            self.save()


def gemeente(slug: str) -> Gemeente:
    return Gemeente.objects.select_related("area__parent").get(slug=slug)
