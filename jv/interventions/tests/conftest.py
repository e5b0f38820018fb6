import pytest

from jv.core import starter
from jv.dossier.tests.factories import make_theme
from jv.interventions.models import Domain, FactorKind, PreventionLevel, RecognitionLevel, Setting
from jv.interventions.tests.factories import FactorFactory, InterventionFactory


@pytest.fixture
def slate(db):
    """A small, fully known catalogue under its own theme, so filters can be checked exactly.
    Loaded as the starter content is (one search-index update at the end)."""
    with starter.loading():
        return _slate()


def _slate():
    theme = make_theme("Testthema", "testthema")
    other_theme = make_theme("Ander thema", "ander-thema")
    f = {
        "impuls": FactorFactory(slug="t-impuls", name="T impuls", kind=FactorKind.RISK, domain=Domain.INDIVIDUAL),
        "verzuim": FactorFactory(slug="t-verzuim", name="T verzuim", kind=FactorKind.RISK, domain=Domain.SCHOOL),
        "buurt": FactorFactory(slug="t-buurt", name="T buurt", kind=FactorKind.RISK, domain=Domain.NEIGHBOURHOOD),
        "steun": FactorFactory(slug="t-steun", name="T steun", kind=FactorKind.PROTECTIVE, domain=Domain.FAMILY),
        "vrienden": FactorFactory(
            slug="t-vrienden", name="T vrienden", kind=FactorKind.PROTECTIVE, domain=Domain.PEERS
        ),
    }
    items = {
        "alfa": InterventionFactory(
            slug="t-alfa",
            name="T Alfa",
            themes=[theme],
            age_min=12,
            age_max=18,
            prevention_level=PreventionLevel.SELECTIVE,
            setting=Setting.SCHOOL,
            recognition_level=RecognitionLevel.FIRST_INDICATIONS,
            risk_factors=[f["impuls"], f["verzuim"]],
            protective_factors=[f["steun"]],
        ),
        "bravo": InterventionFactory(
            slug="t-bravo",
            name="T Bravo",
            themes=[theme],
            age_min=4,
            age_max=12,
            prevention_level=PreventionLevel.UNIVERSAL,
            setting=Setting.NEIGHBOURHOOD,
            recognition_level=RecognitionLevel.STRONG_INDICATIONS,
            risk_factors=[f["buurt"]],
            protective_factors=[f["vrienden"]],
        ),
        "charlie": InterventionFactory(
            slug="t-charlie",
            name="T Charlie",
            themes=[theme],
            age_min=16,
            age_max=23,
            prevention_level=PreventionLevel.CURATIVE,
            setting=Setting.JUSTICE,
            recognition_level=RecognitionLevel.WELL_FOUNDED,
            risk_factors=[f["impuls"]],
            protective_factors=[],
        ),
        "delta": InterventionFactory(
            slug="t-delta",
            name="T Delta",
            themes=[theme],
            age_min=None,
            age_max=None,
            prevention_level=PreventionLevel.INDICATED,
            setting=Setting.FAMILY,
            recognition_level=RecognitionLevel.NOT_RECOGNISED,
            risk_factors=[],
            protective_factors=[f["steun"], f["vrienden"]],
        ),
        "echo": InterventionFactory(
            slug="t-echo",
            name="T Echo",
            themes=[other_theme],
            age_min=12,
            age_max=18,
            prevention_level=PreventionLevel.SELECTIVE,
            setting=Setting.ONLINE,
            recognition_level=RecognitionLevel.GOOD_INDICATIONS,
            risk_factors=[f["impuls"]],
        ),
        "leden": InterventionFactory(
            slug="t-leden",
            name="T Leden",
            themes=[theme],
            visibility="members",
            risk_factors=[f["impuls"]],
            protective_factors=[f["steun"]],
        ),
        "concept": InterventionFactory(
            slug="t-concept",
            name="T Concept",
            themes=[theme],
            live=False,
            risk_factors=[f["impuls"]],
            protective_factors=[f["steun"]],
        ),
    }
    return {"theme": theme, "other_theme": other_theme, "factors": f, "items": items}
