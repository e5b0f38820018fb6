import datetime

import pytest
from django.core.exceptions import ValidationError

from jv.interventions.models import (
    LEVEL_STRENGTH,
    DatePrecision,
    Factor,
    Intervention,
    RecognitionLevel,
)
from jv.interventions.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db


def test_recognition_levels_are_exactly_the_nji_terms_in_dutch():
    from django.utils import translation

    with translation.override("nl"):
        labels = [str(label) for _value, label in RecognitionLevel.choices]
    assert labels == [
        "Goed onderbouwd",
        "Effectief volgens eerste aanwijzingen",
        "Effectief volgens goede aanwijzingen",
        "Effectief volgens sterke aanwijzingen",
        "Niet erkend",
        "Niet beoordeeld",
    ]


def test_level_strength_orders_strong_above_good_above_first_above_well_founded():
    order = sorted(RecognitionLevel.values, key=lambda level: -LEVEL_STRENGTH[level])
    assert order == [
        "effectief-sterke-aanwijzingen",
        "effectief-goede-aanwijzingen",
        "effectief-eerste-aanwijzingen",
        "goed-onderbouwd",
        "niet-beoordeeld",
        "niet-erkend",
    ]


@pytest.mark.parametrize(
    "precision,iso,shown",
    [
        (DatePrecision.DAY, "2019-09-18", "18 september 2019"),
        (DatePrecision.MONTH, "2019-09", "september 2019"),
        (DatePrecision.YEAR, "2019", "2019"),
    ],
)
def test_recognition_date_keeps_its_precision(precision, iso, shown):
    item = Intervention(recognition_date=datetime.date(2019, 9, 18), recognition_date_precision=precision)
    assert item.recognition_date_iso == iso
    from django.utils import translation

    with translation.override("nl"):
        assert item.recognition_date_display == shown


def test_age_display():
    from django.utils import translation

    with translation.override("nl"):
        assert Intervention(age_min=12, age_max=18).age_display == "12 tot en met 18 jaar"
        assert Intervention(age_min=16).age_display == "vanaf 16 jaar"
        assert Intervention(age_max=12).age_display == "tot en met 12 jaar"
        assert Intervention().age_display == ""


@pytest.mark.parametrize(
    "fields,error_field",
    [
        ({"slug": "vergelijk"}, "slug"),
        ({"slug": "gesprekshulp"}, "slug"),
        ({"age_min": 18, "age_max": 12}, "age_max"),
        ({"age_min": 40}, "age_min"),
        ({"recognition_date": datetime.date.today() + datetime.timedelta(days=2)}, "recognition_date"),
        ({"needs_verification": True, "verification_note": "  "}, "verification_note"),
        ({"recognition_level": "heel-goed"}, "recognition_level"),
    ],
)
def test_invalid_interventions_are_refused_with_a_field_error(fields, error_field):
    item = InterventionFactory.build(**fields)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert error_field in error.value.message_dict


def test_a_valid_intervention_passes_full_clean():
    InterventionFactory.build().full_clean()


def test_factor_needs_a_note_when_it_is_to_be_verified():
    factor = Factor(slug="x", name="X", kind="risk", domain="gezin", explanation="x", needs_verification=True)
    with pytest.raises(ValidationError):
        factor.full_clean()
