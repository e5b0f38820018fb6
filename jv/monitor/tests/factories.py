import factory

from jv.monitor.models import Area, Figure, Indicator


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    level = Area.Level.GEMEENTE


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"test-indicator-{n}")
    name = factory.Sequence(lambda n: f"Testindicator {n}")
    unit = "aanmeldingen"
    source = "Testbron"
    order = 100


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Figure

    area = factory.SubFactory(AreaFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    period = "2024-H1"
    value = 10
