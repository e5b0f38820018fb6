"""/interventies/: every filter, state in the URL, counts, query counts and hostile input."""

import pytest

from jv.core import starter
from jv.interventions.tests.factories import InterventionFactory
from jv.interventions.tests.helpers import result_slugs

pytestmark = pytest.mark.django_db

URL = "/interventies/"


def slugs(client, query):
    response = client.get(URL, query)
    assert response.status_code == 200, response.content.decode()[:500]
    return result_slugs(response)


def test_theme_filter_lists_only_that_themes_public_live_interventions(anon_client, slate):
    assert slugs(anon_client, {"theme": "testthema"}) == ["t-alfa", "t-bravo", "t-charlie", "t-delta"]


def test_members_see_members_only_interventions_but_never_drafts(member_client, slate):
    assert slugs(member_client, {"theme": "testthema"}) == ["t-alfa", "t-bravo", "t-charlie", "t-delta", "t-leden"]


@pytest.mark.parametrize(
    "age,expected",
    [
        (4, ["t-bravo", "t-delta"]),
        (12, ["t-alfa", "t-bravo", "t-delta"]),
        (14, ["t-alfa", "t-delta"]),
        (17, ["t-alfa", "t-charlie", "t-delta"]),
        (23, ["t-charlie", "t-delta"]),
        (30, ["t-delta"]),
    ],
)
def test_age_filter_includes_both_bounds_and_open_ranges(anon_client, slate, age, expected):
    assert slugs(anon_client, {"theme": "testthema", "age": age}) == expected


@pytest.mark.parametrize(
    "level,expected",
    [("universeel", ["t-bravo"]), ("selectief", ["t-alfa"]), ("geindiceerd", ["t-delta"]), ("curatief", ["t-charlie"])],
)
def test_prevention_level_filter(anon_client, slate, level, expected):
    assert slugs(anon_client, {"theme": "testthema", "prevention_level": level}) == expected


@pytest.mark.parametrize(
    "setting,expected",
    [
        ("school", ["t-alfa"]),
        ("wijk", ["t-bravo"]),
        ("gezin", ["t-delta"]),
        ("justitieel", ["t-charlie"]),
        ("online", []),
    ],
)
def test_setting_filter(anon_client, slate, setting, expected):
    assert slugs(anon_client, {"theme": "testthema", "setting": setting}) == expected


@pytest.mark.parametrize(
    "level,expected",
    [
        ("effectief-eerste-aanwijzingen", ["t-alfa"]),
        ("effectief-sterke-aanwijzingen", ["t-bravo"]),
        ("goed-onderbouwd", ["t-charlie"]),
        ("niet-erkend", ["t-delta"]),
        ("effectief-goede-aanwijzingen", []),
        ("erkend", ["t-alfa", "t-bravo", "t-charlie"]),
    ],
)
def test_recognition_level_filter(anon_client, slate, level, expected):
    assert slugs(anon_client, {"theme": "testthema", "level": level}) == expected


@pytest.mark.parametrize(
    "factor,expected",
    [("t-impuls", ["t-alfa", "t-charlie"]), ("t-steun", ["t-alfa", "t-delta"]), ("t-buurt", ["t-bravo"])],
)
def test_factor_filter_matches_risk_and_protective_factors(anon_client, slate, factor, expected):
    assert slugs(anon_client, {"theme": "testthema", "factor": factor}) == expected


def test_factor_filter_without_theme_spans_all_themes(anon_client, slate):
    assert slugs(anon_client, {"factor": "t-impuls"}) == ["t-alfa", "t-charlie", "t-echo"]


def test_filters_combine(anon_client, slate):
    assert slugs(anon_client, {"theme": "testthema", "age": 14, "level": "erkend", "factor": "t-impuls"}) == ["t-alfa"]


def test_sort_by_strength_of_evidence(anon_client, slate):
    assert slugs(anon_client, {"theme": "testthema", "sort": "niveau"}) == ["t-bravo", "t-alfa", "t-charlie", "t-delta"]


def test_result_count_is_announced_in_a_status_region(anon_client, slate):
    body = anon_client.get(URL, {"theme": "testthema", "age": "14"}).content.decode()
    status = body.split('role="status"', 1)[1].split("</div>", 1)[0]
    assert "2 van" in status
    assert "14 jaar" in status


def test_filter_state_is_kept_in_the_form_and_in_links(anon_client, slate):
    body = anon_client.get(URL, {"theme": "testthema", "age": "14", "s": "t-bravo"}).content.decode()
    assert '<option value="testthema" selected>' in body
    assert 'name="age" value="14"' in body
    assert '<input type="hidden" name="s" value="t-bravo">' in body
    # the link that adds Alfa to the strategy keeps the filters and the earlier choice
    assert "?theme=testthema&amp;age=14&amp;s=t-bravo&amp;s=t-alfa#interventie-t-alfa" in body
    # and once Alfa is chosen, its link removes it again and keeps the rest
    body = anon_client.get(URL, {"theme": "testthema", "age": "14", "s": ["t-bravo", "t-alfa"]}).content.decode()
    assert "?theme=testthema&amp;age=14&amp;s=t-bravo#interventie-t-alfa" in body
    assert "Uit strategie halen" in body


def test_strategy_box_shows_the_selection_from_the_url(anon_client, slate):
    body = anon_client.get(URL, {"s": ["t-alfa", "t-bravo"]}).content.decode()
    assert "/interventies/strategie/?i=t-alfa&amp;i=t-bravo" in body


def test_strategy_in_the_url_never_reveals_a_members_only_name(anon_client, slate):
    body = anon_client.get(URL, {"s": ["t-leden"]}).content.decode()
    assert "T Leden" not in body


def test_anonymous_catalogue_sets_no_cookie_and_no_csrf_token(anon_client, slate):
    response = anon_client.get(URL, {"theme": "testthema", "s": "t-alfa"})
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_starter_catalogue_supports_the_knife_strategy_story(anon_client):
    found = slugs(anon_client, {"theme": "wapens-en-jongeren", "age": 14})
    assert len(found) >= 4
    assert "alleen-jij-bepaalt-wie-je-bent" in found
    assert "multisysteemtherapie" in found


def test_list_view_query_count_does_not_grow_with_the_number_of_interventions(
    anon_client, slate, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        anon_client.get(URL, {"theme": "testthema"})
    theme = slate["theme"]
    with starter.loading():  # many at once: one search-index rebuild at the end
        for _ in range(25):
            InterventionFactory(themes=[theme], risk_factors=list(slate["factors"].values())[:2])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = anon_client.get(URL, {"theme": "testthema"})
    assert len(result_slugs(response)) == 29
    with django_assert_max_num_queries(20):
        anon_client.get(URL)


@pytest.mark.parametrize(
    "query",
    [
        {"age": "-1"},
        {"age": "31"},
        {"age": "99999999999999999999999"},
        {"age": "veertien"},
        {"age": "1\x00"},
        {"theme": "bestaat-niet"},
        {"theme": "x" * 20000},
        {"prevention_level": "'; DROP TABLE interventions_intervention; --"},
        {"setting": "\x00"},
        {"level": "<script>alert(1)</script>"},
        {"factor": '"><img src=x>'},
        {"sort": "random"},
    ],
)
def test_invalid_filters_get_a_dutch_error_summary_and_400(anon_client, slate, query):
    response = anon_client.get(URL, query)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary" role="alert"' in body
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x>" not in body


def test_hostile_strategy_values_are_ignored_not_echoed(anon_client, slate):
    response = anon_client.get(URL, {"s": ["<b>x</b>", "x" * 20000, "\x00", "t-alfa"] + ["t-bravo"] * 500})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<b>x</b>" not in body
    assert "x" * 200 not in body
    assert '/interventies/strategie/?i=t-alfa&amp;i=t-bravo"' in body


def test_long_result_lists_are_paged_and_links_keep_filters_and_strategy(anon_client, slate):
    with starter.loading():  # many at once: one search-index rebuild at the end
        for i in range(45):
            InterventionFactory(name=f"T Zz {i:02d}", themes=[slate["theme"]])
    response = anon_client.get(URL, {"theme": "testthema", "s": "t-alfa"})
    body = response.content.decode()
    assert len(result_slugs(response)) == 40
    assert "49 van de" in body.split('role="status"', 1)[1]
    assert 'aria-label="Pagina\'s met resultaten"' in body
    assert '?theme=testthema&amp;s=t-alfa&amp;pagina=2#resultaten" rel="next"' in body
    second = anon_client.get(URL, {"theme": "testthema", "s": "t-alfa", "pagina": "2"})
    assert len(result_slugs(second)) == 9
    # adding from page 2 keeps you on page 2
    assert "pagina=2&amp;s=t-alfa&amp;s=" in second.content.decode()


@pytest.mark.parametrize("value", ["0", "-1", "999", "twee", "\x00", "9" * 500])
def test_odd_page_numbers_fall_back_to_a_real_page(anon_client, slate, value):
    response = anon_client.get(URL, {"theme": "testthema", "pagina": value})
    assert response.status_code == 200
    assert result_slugs(response)
