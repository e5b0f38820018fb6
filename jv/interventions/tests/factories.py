import datetime

import factory

from jv.core.tests.factories import LiveContentFactory, many_to_many
from jv.interventions.models import (
    DatePrecision,
    Domain,
    Factor,
    FactorKind,
    Intervention,
    PreventionLevel,
    QualityWarning,
    RecognitionLevel,
    Setting,
)


class FactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Factor

    slug = factory.Sequence(lambda n: f"testfactor-{n}")
    name = factory.Sequence(lambda n: f"Testfactor {n}")
    kind = FactorKind.RISK
    domain = Domain.INDIVIDUAL
    explanation = "Uitleg van een testfactor."
    source = "Testbron"


class QualityWarningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityWarning

    slug = factory.Sequence(lambda n: f"testwaarschuwing-{n}")
    title = factory.Sequence(lambda n: f"Testwaarschuwing {n}")
    explanation = "Uitleg van een testwaarschuwing."


class InterventionFactory(LiveContentFactory):
    """A live intervention; pass themes/risk_factors/protective_factors/warnings/resources as lists."""

    class Meta:
        model = Intervention

    name = factory.Sequence(lambda n: f"Testinterventie {n:03d}")
    slug = factory.Sequence(lambda n: f"testinterventie-{n}")
    summary = "Samenvatting van een testinterventie."
    goal = "Een testdoel."
    target_group = "Testjongeren."
    age_min = 12
    age_max = 18
    prevention_level = PreventionLevel.SELECTIVE
    setting = Setting.SCHOOL
    recognition_level = RecognitionLevel.FIRST_INDICATIONS
    recognition_date = datetime.date(2020, 3, 15)
    recognition_date_precision = DatePrecision.DAY
    recognition_source = "Testcommissie"
    source_url = factory.Sequence(lambda n: f"https://example.org/databank/{n}")
    themes = many_to_many("themes")
    risk_factors = many_to_many("risk_factors")
    protective_factors = many_to_many("protective_factors")
    warnings = many_to_many("warnings")
    resources = many_to_many("resources")
