import datetime

import factory
from django.utils import timezone

from jv.core.tests.factories import LiveContentFactory, many_to_many
from jv.monitor.models import Area
from jv.region.models import Agreement, Gemeente, Signal


def area_for(code: str) -> Area:
    return Area.objects.get(code=code)


class AgreementFactory(LiveContentFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Testconvenant {n}")
    slug = factory.Sequence(lambda n: f"testconvenant-{n}")
    kind = Agreement.Kind.COVENANT
    summary = "Een convenant om mee te testen."
    date = datetime.date(2024, 1, 1)
    date_precision = "year"
    source = "Testbron"
    gemeenten = many_to_many("gemeenten")


class SignalFactory(LiveContentFactory):
    class Meta:
        model = Signal

    title = factory.Sequence(lambda n: f"Testsignaal {n}")
    slug = factory.Sequence(lambda n: f"testsignaal-{n}")
    text = "Partners zien een nieuwe manier van ronselen."
    observed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    source = "Netwerk Jeugd en Veiligheid"
    themes = many_to_many("themes")


def gemeente(slug: str) -> Gemeente:
    return Gemeente.objects.select_related("area__parent").get(slug=slug)
