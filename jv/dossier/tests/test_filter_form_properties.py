"""Property tests (Hypothesis) for the resource filter form and the /bronnen/ view that uses it."""

from urllib.parse import quote_from_bytes

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jv.core.visibility import visible
from jv.dossier.forms import ResourceFilterForm
from jv.dossier.models import Resource, ThemePage

THEMES = [
    "online-straatwereld",
    "wapens-en-jongeren",
    "school-en-veiligheid",
    "rivaliserende-jeugdgroepen",
    "lvb",
    "ouderbetrokkenheid",
]
KINDS = [value for value, _ in Resource.Kind.choices]
SCOPES = [value for value, _ in Resource.Scope.choices]
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)


def field_value(valid):
    return st.one_of(st.none(), st.just(""), st.sampled_from(valid), any_text)


filter_data = st.fixed_dictionaries(
    {}, optional={"theme": field_value(THEMES), "kind": field_value(KINDS), "scope": field_value(SCOPES)}
)
db_settings = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@db_settings
@given(filter_data)
def test_filter_form_accepts_exactly_the_known_values_and_filters_by_them(db, data):
    data = {key: value for key, value in data.items() if value is not None}
    form = ResourceFilterForm(data, user=AnonymousUser())
    valid = form.is_valid()
    expected_valid = (
        data.get("theme", "") in THEMES + [""]
        and data.get("kind", "") in KINDS + [""]
        and data.get("scope", "") in SCOPES + [""]
    )
    assert valid == expected_valid, (data, form.errors)
    if not valid:
        assert set(form.errors) <= {"theme", "kind", "scope"}
        return
    public = visible(Resource.objects.all(), AnonymousUser())
    results = list(form.filter(public))
    assert len(results) == len({r.pk for r in results})  # no duplicates from the theme join
    for resource in results:
        assert resource.visibility == "public" and resource.live
        if data.get("kind"):
            assert resource.kind == data["kind"]
        if data.get("scope"):
            assert resource.scope == data["scope"]
        if data.get("theme"):
            assert data["theme"] in set(resource.themes.values_list("slug", flat=True))


def test_anonymous_form_does_not_offer_or_accept_a_login_only_theme(db):
    from wagtail.models import PageViewRestriction

    theme = ThemePage.objects.get(slug="lvb")
    PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)
    form = ResourceFilterForm({"theme": "lvb"}, user=AnonymousUser())
    assert not form.is_valid() and "theme" in form.errors
    assert "lvb" not in [value for value, _ in form.fields["theme"].choices]


@db_settings
@given(st.binary(max_size=200), st.sampled_from(["theme", "kind", "scope", "page", "x"]))
def test_resource_list_answers_200_or_400_to_any_query_string(db, raw, name):
    response = Client().get("/bronnen/", QUERY_STRING=f"{name}=" + quote_from_bytes(raw, safe=""))
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert 'class="error-summary" role="alert"' in response.content.decode()
