"""The URL is the only state: bad, outdated or hostile values get a friendly Dutch 400, never a 500."""

import pytest
from django.http import QueryDict

from jv.guides.models import Guide
from jv.guides.state import InvalidState, parse_checklist, parse_walk

pytestmark = pytest.mark.django_db

ONLINE = "/routekaarten/zorgwekkend-online-bericht/"
LVB = "/routekaarten/signaalwijzer-uitbuiting-lvb/"
BARRIER = "/routekaarten/barrieremodel-wapens-en-jongeren/"

HOSTILE = [
    "stap=bestaat-niet",
    "stap=ACUUT-GEVAAR",
    "stap=%00",
    "stap=acuut-gevaar%00",
    "stap=" + "a" * 20000,
    "stap=<script>alert(1)</script>",
    "stap='%22",
    "stap=strafbaar&pad=strafbaar.1",  # path does not start at the start
    "stap=strafbaar&pad=acuut-gevaar.1",  # answer 1 leads to bel-112, not strafbaar
    "stap=strafbaar&pad=acuut-gevaar.3",  # step has only two answers
    "stap=strafbaar&pad=acuut-gevaar.0",
    "stap=strafbaar&pad=acuut-gevaar.-1",
    "stap=strafbaar&pad=acuut-gevaar.99999999999999999999",
    "stap=strafbaar&pad=acuut-gevaar",
    "stap=strafbaar&pad=acuut-gevaar.2,acuut-gevaar.2",
    "stap=strafbaar&pad=" + ",".join(["acuut-gevaar.2"] * 5000),
    "pad=acuut-gevaar.2",  # answers without a step
    "stap=acuut-gevaar&stap=strafbaar",
    "stap=strafbaar&pad=%00",
    "stap=strafbaar&pad=acuut-gevaar.2%00",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_bad_step_state_gives_a_friendly_400_with_a_restart_link(anon_client, query):
    response = anon_client.get(ONLINE + "?" + query)
    assert response.status_code == 400, query
    body = response.content.decode()
    assert "Deze link werkt niet (meer)" in body
    assert f'href="{ONLINE}"' in body
    assert "<script>alert" not in body
    assert not response.cookies


@pytest.mark.parametrize(
    "query",
    [
        "signaal=geld.99",
        "signaal=onbekend.1",
        "signaal=geld",
        "signaal=%00",
        "signaal=geld.1%00",
        "signaal=" + "x" * 20000,
        "signaal=geld.-1",
        "stap=bestaat-niet",
        "resultaat=ja",
        "resultaat=1&resultaat=2",
        "&".join(["signaal=geld.1"] * 600),
    ],
)
def test_bad_checklist_state_gives_a_friendly_400(anon_client, query):
    response = anon_client.get(LVB + "?" + query)
    assert response.status_code == 400, query
    assert "Deze link werkt niet (meer)" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        ONLINE + "samenvatting/?stap=zzz",
        ONLINE + "samenvatting/",
        ONLINE + "samenvatting.pdf?stap=strafbaar&pad=acuut-gevaar.1",
        ONLINE + "samenvatting.pdf",
        LVB + "samenvatting/?signaal=geld.42",
        LVB + "samenvatting.pdf?signaal=%00",
    ],
)
def test_summary_and_pdf_with_bad_state_give_400_not_500(anon_client, url):
    response = anon_client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_unknown_guide_and_overlong_slug_are_404(anon_client):
    assert anon_client.get("/routekaarten/bestaat-niet/").status_code == 404
    assert anon_client.get("/routekaarten/" + "a" * 5000 + "/").status_code == 404
    assert anon_client.get("/routekaarten/bestaat-niet/samenvatting.pdf").status_code == 404


def test_only_get_and_head_are_allowed(anon_client):
    assert anon_client.post(ONLINE, {"stap": "acuut-gevaar"}).status_code == 405
    assert anon_client.head(ONLINE + "?stap=acuut-gevaar").status_code == 200


def test_repeated_path_parameters_are_joined(anon_client):
    response = anon_client.get(ONLINE + "?stap=betrokken-strafbaar&pad=acuut-gevaar.2&pad=strafbaar.1")
    assert response.status_code == 200


def test_identical_repeated_step_parameter_is_accepted(anon_client):
    assert anon_client.get(ONLINE + "?stap=acuut-gevaar&stap=acuut-gevaar").status_code == 200


def test_filters_on_the_overview_reject_hostile_values_with_an_error_summary(anon_client):
    for query in ("soort=quiz", "thema=%00", "thema=" + "x" * 20000, "thema=<b>x</b>"):
        response = anon_client.get("/routekaarten/?" + query)
        assert response.status_code == 400, query
        body = response.content.decode()
        assert 'class="error-summary"' in body
        assert "x" * 300 not in body


def test_parse_walk_builds_links_that_parse_back_to_the_same_walk():
    graph = Guide.objects.get(slug="zorgwekkend-online-bericht").graph
    walk = parse_walk(graph, QueryDict("stap=strafbaar&pad=acuut-gevaar.2"))
    for number in range(1, len(walk.current.options) + 1):
        following = parse_walk(graph, QueryDict(walk.next_query(number)[1:]))
        assert following.answers[-1].option is walk.current.options[number - 1]
        assert following.current.id == walk.current.options[number - 1].next
    assert parse_walk(graph, QueryDict("")) is None
    with pytest.raises(InvalidState):
        parse_walk(graph, QueryDict("stap=strafbaar&pad=acuut-gevaar.2,strafbaar.1"))


def test_checklist_query_round_trips_and_ignores_duplicates():
    graph = Guide.objects.get(slug="signaalwijzer-uitbuiting-lvb").graph
    checklist = parse_checklist(graph, QueryDict("signaal=wonen.2&signaal=geld.1&signaal=geld.1"))
    assert [s.key for _, s in checklist.ticked] == ["wonen.2", "geld.1"]
    again = parse_checklist(graph, QueryDict(checklist.query()[1:]))
    assert again.keys == {"geld.1", "wonen.2"}
    assert [step.id for step, _ in again.groups()] == ["geld", "wonen"]


def test_guide_with_a_broken_live_graph_answers_400_not_500(anon_client):
    """Even if a broken guide got published (e.g. by code), visitors never see a server error."""
    from jv.guides.tests.factories import GuideFactory, raw, step

    guide = GuideFactory(
        steps=raw(
            "routekaart",
            [
                step("a", question="?", options=[("Ja", "weg"), ("Nee", "b")]),
                step("b", question="?", options=[("Terug", "a"), ("Verder", "a")]),
            ],
        )
    )
    assert anon_client.get(guide.get_url() + "?stap=a").status_code == 200
    assert anon_client.get(guide.get_url() + "?stap=weg&pad=a.1").status_code == 400
    assert anon_client.get(guide.get_url() + "?stap=b&pad=a.2").status_code == 200
    assert anon_client.get(guide.get_url() + "?stap=a&pad=a.2,b.1").status_code == 400
