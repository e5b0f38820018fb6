"""The guide validator: every rule, with a guide that breaks it and one that keeps it."""

import pytest
from django.utils import translation

from jv.guides.tests.factories import SOURCE, group, simple_decision_steps, step, structure
from jv.guides.validation import validate_guide

pytestmark = pytest.mark.usefixtures("dutch")


@pytest.fixture
def dutch():
    with translation.override("nl"):
        yield


def problems(kind, steps, sources=(SOURCE,)):
    return validate_guide(kind, structure(kind, steps), list(sources))


def messages(kind, steps, sources=(SOURCE,)):
    return [p.message for p in problems(kind, steps, sources)]


def test_a_correct_decision_guide_has_no_problems():
    assert problems("routekaart", simple_decision_steps()) == []


def test_option_leading_to_a_missing_step_is_reported_at_that_option():
    steps = simple_decision_steps()
    steps[0]["options"][1]["next"] = "bestaat-niet"
    found = problems("routekaart", steps)
    assert any("bestaat-niet" in p.message and "bestaat niet" in p.message for p in found), found
    problem = next(p for p in found if "bestaat-niet" in p.message)
    assert (problem.step, problem.field, problem.item, problem.subfield) == (0, "options", 1, "next")


def test_option_without_next_step_is_reported():
    steps = simple_decision_steps()
    steps[0]["options"][0]["next"] = ""
    assert any("welke stap" in m for m in messages("routekaart", steps))


def test_option_leading_to_its_own_step_is_a_loop():
    steps = simple_decision_steps()
    steps[0]["options"][0]["next"] = "begin"
    assert any("dezelfde stap" in m for m in messages("routekaart", steps))


def test_loop_over_several_steps_is_reported_with_the_route():
    steps = [
        step("a", question="Verder?", options=[("Ja", "b"), ("Nee", "einde")]),
        step("b", question="En nu?", options=[("Terug", "c"), ("Klaar", "einde")]),
        step("c", question="Nog eens?", options=[("Ja", "a"), ("Nee", "einde")]),
        step("einde", actions=["Doe iets"]),
    ]
    found = messages("routekaart", steps)
    loops = [m for m in found if "lus" in m]
    assert len(loops) == 1, found
    assert "a → b → c → a" in loops[0]


def test_loop_among_unreachable_steps_is_also_reported():
    steps = simple_decision_steps() + [
        step("x", question="?", options=[("1", "y"), ("2", "melden")]),
        step("y", question="?", options=[("1", "x"), ("2", "melden")]),
    ]
    found = messages("routekaart", steps)
    assert any("lus" in m for m in found)
    assert any("'x'" in m and "niet bereikbaar" in m for m in found)


def test_a_tree_where_two_routes_meet_again_is_not_a_loop():
    steps = [
        step("a", question="Welke?", options=[("Links", "b"), ("Rechts", "c")]),
        step("b", question="Verder?", options=[("Ja", "d"), ("Nee", "d2")]),
        step("c", question="Verder?", options=[("Ja", "d"), ("Nee", "d2")]),
        step("d", actions=["Actie"]),
        step("d2", actions=["Andere actie"]),
    ]
    assert messages("routekaart", steps) == []


def test_end_step_without_action_is_reported():
    steps = simple_decision_steps()
    steps[2]["actions"] = []
    found = problems("routekaart", steps)
    assert [(p.step, p.field) for p in found] == [(2, "actions")]
    assert "eindstap" in found[0].message


def test_unreachable_step_is_reported():
    steps = simple_decision_steps() + [step("los", actions=["Iets"])]
    found = problems("routekaart", steps)
    assert [(p.step, p.message) for p in found] == [
        (3, "Stap 4 ('los') is vanaf de eerste stap niet bereikbaar: geen antwoord leidt ernaartoe.")
    ]


def test_duplicate_step_ids_are_reported():
    steps = simple_decision_steps() + [step("melden", actions=["Dubbel"])]
    assert any("dezelfde id als stap 3" in m for m in messages("routekaart", steps))


def test_step_id_that_is_not_a_slug_is_reported():
    steps = simple_decision_steps()
    steps[2]["id"] = "Melden Nu!"
    steps[0]["options"][1]["next"] = "Melden Nu!"
    assert any("kleine letters" in m for m in messages("routekaart", steps))


def test_missing_id_and_title_are_reported():
    steps = simple_decision_steps()
    steps[2]["id"] = ""
    steps[2]["title"] = ""
    found = messages("routekaart", steps)
    assert any("heeft geen id" in m for m in found)
    assert any("heeft geen titel" in m for m in found)


def test_several_options_need_a_question_and_a_question_needs_two_options():
    steps = simple_decision_steps()
    steps[0]["question"] = ""
    assert any("geen vraag" in m for m in messages("routekaart", steps))
    steps = [step("a", question="Door?", options=[("Ja", "b")]), step("b", actions=["Actie"])]
    assert any("minder dan twee" in m for m in messages("routekaart", steps))


def test_step_model_may_have_a_single_next_step_option_without_question():
    model = {"aim": "Doel", "roles": "Rollen", "privacy": "Privacy"}
    steps = [step("een", options=[("Naar stap 2", "twee")], **model), step("twee", actions=["Afronden"], **model)]
    assert messages("stappenmodel", steps) == []


def test_step_model_step_needs_aim_roles_and_privacy():
    steps = [
        step("een", options=[("Verder", "twee")], aim="Doel", roles="", privacy=""),
        step("twee", actions=["Afronden"], aim="Doel", roles="Rollen", privacy="Privacy"),
    ]
    found = messages("stappenmodel", steps)
    assert any("wie doet wat" in m for m in found)
    assert any("privacy en gegevensdeling" in m for m in found)
    assert not any("doel en resultaat" in m for m in found)


def test_duplicate_answer_labels_and_empty_labels_are_reported():
    steps = simple_decision_steps()
    steps[0]["options"][1]["label"] = "ja"
    assert any("komt twee keer voor" in m for m in messages("routekaart", steps))
    steps[0]["options"][1]["label"] = ""
    assert any("heeft geen tekst" in m for m in messages("routekaart", steps))


def test_action_without_text_or_with_unknown_urgency_and_partner_without_name_are_reported():
    steps = simple_decision_steps()
    steps[2]["actions"] = [{"text": "", "urgency": "normal"}, {"text": "Iets", "urgency": "morgen"}]
    steps[2]["partners"] = [{"name": ""}]
    found = messages("routekaart", steps)
    assert any("actie 1 zegt niet wat" in m for m in found)
    assert any("onbekende urgentie 'morgen'" in m for m in found)
    assert any("partner 1 heeft geen naam" in m for m in found)


def test_guide_without_steps_or_sources_is_reported():
    found = messages("routekaart", [], sources=())
    assert any("geen stappen" in m for m in found)
    assert any("bron" in m for m in found)


def test_blocks_of_the_wrong_kind_are_reported():
    steps = structure("routekaart", simple_decision_steps())
    steps[1].type = "domain"
    found = validate_guide("routekaart", steps, [SOURCE])
    assert any("niet het juiste soort blok" in p.message for p in found)


def test_unknown_kind_is_reported():
    assert "Onbekende soort" in validate_guide("quiz", [], [SOURCE])[0].message


def test_correct_signaalwijzer_has_no_problems_and_needs_signals_and_actions():
    good = [group("geld"), group("wonen")]
    assert messages("signaalwijzer", good) == []
    bad = [group("geld", signals=(), actions=())]
    found = messages("signaalwijzer", bad)
    assert any("geen signalen" in m for m in found)
    assert any("wat je daarna doet" in m for m in found)


def test_duplicate_signals_are_reported():
    found = messages("signaalwijzer", [group("geld", signals=("Dure spullen", "dure spullen"))])
    assert any("komt twee keer voor" in m for m in found)


def test_barrier_model_phase_needs_a_barrier_and_a_party():
    good = [group("fase-1", barriers=["Gesprek op school"], actions=())]
    assert messages("barrieremodel", good) == []
    bad = [group("fase-1", barriers=(), actions=(), partners=())]
    found = messages("barrieremodel", bad)
    assert any("geen barrières" in m for m in found)
    assert any("partij" in m for m in found)


def test_barrier_with_unknown_kind_is_reported():
    found = messages("barrieremodel", [group("f", barriers=[{"text": "X", "kind": "misschien"}], actions=())])
    assert any("juridisch of niet-juridisch" in m for m in found)


def test_large_deep_guide_is_checked_without_recursion_problems():
    steps = [step(f"s{i}", question="Verder?", options=[("Ja", f"s{i + 1}"), ("Stop", "einde")]) for i in range(190)]
    steps.append(step("s190", actions=["Klaar"]))
    steps.append(step("einde", actions=["Gestopt"]))
    assert messages("routekaart", steps) == []
