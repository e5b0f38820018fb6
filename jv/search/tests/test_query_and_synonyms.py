"""Query parsing, synonyms from the editors' list, typo correction and ranking."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from jv.search import query, service, spelling
from jv.search.backends import Expr, PostgresBackend, render_fts5, render_tsquery
from jv.search.models import Synonym
from jv.search.starter import load_starter_synonyms, read_synonyms

from .factories import SynonymFactory, make_resource

pytestmark = pytest.mark.django_db


def top(q, n=3, **kwargs):
    return [r.title for r in service.search(q, AnonymousUser(), limit=n, **kwargs).results]


def test_operators_and_quotes_never_reach_the_database_syntax():
    parsed = query.parse('"mes" AND -school* title:(jeugd) OR NOT', [])
    rendered = render_fts5(parsed.expr)
    assert "title:" not in rendered and "*" not in rendered and "-" not in rendered
    assert rendered.count('"') % 2 == 0


def test_rendered_queries_quote_every_token():
    expr = Expr.all([Expr.tok("mes"), Expr.any([Expr.tok("school"), Expr.tok("jeugd")])])
    assert render_fts5(expr) == '("mes" AND ("school" OR "jeugd"))'
    assert render_tsquery(expr) == "('mes' & ('school' | 'jeugd'))"
    assert Expr.tok("a'b") is None  # never a token with punctuation


def test_tsvector_literal_weights_title_summary_body():
    literal = PostgresBackend.tsvector_literal(["mes"], ["mes", "school"], ["jeugd"], ["zz_v_70"])
    assert literal == "'mes':1A,2B 'school':3B 'jeugd':4C 'zz_v_70':5 't_mes':6 's_mes':7 's_school':8"


def test_field_limited_queries_render_for_both_databases():
    from jv.search.backends import SQLiteBackend, _fielded

    expr = _fielded(Expr.all([Expr.tok("mes"), Expr.tok("school")]), ("title", "summary"))
    assert SQLiteBackend().render(expr) == '{title summary} : (("mes" AND "school"))'
    assert PostgresBackend().render(expr) == "(('t_mes' | 's_mes') & ('t_school' | 's_school'))"


def test_filter_tokens_cannot_be_typed_by_users():
    from jv.search.backends import meta_token

    token = meta_token("v", "members")
    assert token == "zz_v_6d656d62657273"
    # The analyzer splits on underscores, so the typed text never becomes the filter token.
    assert service.search(token, AnonymousUser()).count == 0
    assert service.search(meta_token("t", "lvb"), AnonymousUser()).count == 0
    assert Expr.tok(token) is None
    with pytest.raises(ValueError):
        Expr.internal("mes")


def test_compound_query_matches_whole_word_or_all_parts():
    parsed = query.parse("straatboete", [])
    expr = parsed.expr
    assert expr.op == "or"
    assert any(child.op == "and" for child in expr.children)


def test_stopwords_are_dropped_from_queries_with_other_words():
    parsed = query.parse("tussen straat en thuis", [])
    assert [clause.text for clause in parsed.clauses] == ["tussen", "straat", "thuis"]


def test_abbreviation_finds_the_written_out_form_and_back():
    assert "Licht verstandelijke beperking (LVB)" in top("licht verstandelijke beperking")
    results = service.search("LVB", AnonymousUser())
    assert "licht verstandelijke beperking" in results.synonyms


def test_synonym_is_matched_on_inflected_forms():
    # "messen" triggers the starter group "mes / steekwapen".
    results = service.search("messen", AnonymousUser(), limit=10)
    assert "steekwapen" in results.synonyms
    assert any("steekwapen" in r.title.lower() for r in results.results)


def test_editor_synonym_applies_at_once_without_reindexing():
    make_resource("Rijwiel stallen", "Over tweewielers.")
    assert top("velocipede") == []
    SynonymFactory(terms="velocipede\nrijwiel")
    assert top("velocipede") == ["Rijwiel stallen"]


def test_one_way_synonym_only_expands_its_first_term():
    make_resource("Handboek brandveiligheid", "Over brand.")
    make_resource("Vuurwerkoverlast", "Over vuurwerk.")
    SynonymFactory(terms="vuur\nbrand", one_way=True)
    assert "Handboek brandveiligheid" in top("vuur", 10)
    assert "Vuurwerkoverlast" not in top("brand", 10)


def test_synonym_validation_needs_two_terms():
    with pytest.raises(ValidationError):
        Synonym(terms="alleen").full_clean()
    Synonym(terms="a, b").full_clean()


def test_starter_synonyms_load_idempotently_and_keep_editor_changes():
    group = Synonym.objects.get(starter_key="mes-steekwapen")
    group.terms = "mes\nsteekwapen\nknipmes"
    group.save()
    counts = load_starter_synonyms()
    assert counts["created"] == 0
    group.refresh_from_db()
    assert "knipmes" in group.terms
    group.delete()
    assert load_starter_synonyms()["created"] == 1


def test_broken_synonym_file_changes_nothing(tmp_path):
    path = tmp_path / "synonyms.yaml"
    path.write_text("- key: x\n  terms: [alleen]\n", encoding="utf-8")
    before = Synonym.objects.count()
    with pytest.raises(ValidationError):
        load_starter_synonyms(path)
    assert Synonym.objects.count() == before
    path.write_text("{{{ not yaml", encoding="utf-8")
    with pytest.raises(ValidationError):
        read_synonyms(path)


def test_typo_in_a_word_is_corrected_from_the_index_vocabulary():
    spelling.VOCABULARY.invalidate()
    assert spelling.correct("rolverdeeling") == "rolverdeling"
    assert spelling.correct("ouderbetrokkenhied") == "ouderbetrokkenheid"
    assert spelling.correct("mes") is None  # too short to guess


def test_typo_in_the_part_of_a_compound_is_corrected():
    spelling.VOCABULARY.invalidate()
    results = service.search("schoolveilighied", AnonymousUser())
    assert results.corrected == "schoolveiligheid"
    assert results.count > 0


def test_nothing_with_all_words_falls_back_to_some_words():
    results = service.search("steekwapens xylofoon", AnonymousUser())
    assert results.any_words
    assert results.count > 0


def test_a_question_whose_words_meet_in_one_item_only_is_searched_with_some_of_its_words():
    make_resource("Zwurkplan", summary="Het zwurk en de plomp in de wijk, uitgelegd voor buurtwerkers.")
    make_resource("Zwurk op straat", summary="Wat zwurk is en hoe buurtwerkers het herkennen.")
    question = service.search("Wat is zwurk en plomp voor buurtwerkers?", AnonymousUser(), mode="lexical")
    assert {"Zwurkplan", "Zwurk op straat"} <= {r.title for r in question.results}
    assert not question.any_words  # one item has all the words: no "none has them all" notice
    keywords = service.search("zwurk plomp", AnonymousUser(), mode="lexical")
    assert [r.title for r in keywords.results] == ["Zwurkplan"]  # keywords keep all-words matching


def test_a_question_with_some_of_its_words_is_ranked_by_all_its_words_not_by_the_field_of_one():
    make_resource("Plomp", summary="Een verhaal over een dorp aan de rivier.")
    make_resource("Werkwijzer", summary="Buurtwerkers herkennen zwurk en gribbel bij jongeren in de wijk.")
    question = "Hoe herkennen buurtwerkers zwurk, gribbel en plomp bij jongeren in de wijk?"
    found = service.search(question, AnonymousUser(), mode="lexical")
    # No item has all the words; the one with most of them comes first, before the one whose
    # title holds a single word of the question (by field, that one came first).
    titles = [r.title for r in found.results]
    assert titles[0] == "Werkwijzer" and "Plomp" in titles
    keywords = service.search("plomp", AnonymousUser(), mode="lexical")
    assert [r.title for r in keywords.results] == ["Plomp"]


def test_a_question_with_some_of_its_words_counts_only_the_items_its_pages_can_show(monkeypatch):
    # The ranking without tiers ranks the RANK_CANDIDATES most recent matches; the count and the
    # facets are taken over the same items, so every page the count promises can be shown.
    from jv.search import backends

    monkeypatch.setattr(backends, "RANK_CANDIDATES", 3)
    monkeypatch.setattr(backends.PostgresBackend, "RANK_CANDIDATES", 3)
    # PostgreSQL first looks among the newest rows (here: 3), then through the GIN index.
    monkeypatch.setattr(backends.PostgresBackend, "RECENT_WINDOW_FACTOR", 1)
    for n in range(5):
        make_resource(f"Zwurkblad {n}", summary=f"Deel {n} over zwurk in de wijk.")
    for n in range(3):  # the newest rows hold none of the question's words
        make_resource(f"Kookboek {n}", summary="Recepten voor de buurtkeuken.")
    found = service.search("Wat betekent zwurk en gribbel voor buurtwerkers?", AnonymousUser(), mode="lexical")
    assert found.any_words
    assert found.count == 3
    assert {r.title for r in found.results} == {"Zwurkblad 4", "Zwurkblad 3", "Zwurkblad 2"}
    assert sum(facet.count for facet in found.types) == 3
    keywords = service.search("zwurk", AnonymousUser(), mode="lexical")
    assert keywords.count == 5 and keywords.corrected is None  # keywords: every match; a known word
    # Matches among the newest rows: the floor is found there, with the same answer.
    make_resource("Zwurkblad 5", summary="Deel 5 over zwurk in de wijk.")
    make_resource("Zwurkblad 6", summary="Deel 6 over zwurk in de wijk.")
    make_resource("Zwurkblad 7", summary="Deel 7 over zwurk in de wijk.")
    found = service.search("Wat betekent zwurk en gribbel voor buurtwerkers?", AnonymousUser(), mode="lexical")
    assert {r.title for r in found.results} == {"Zwurkblad 7", "Zwurkblad 6", "Zwurkblad 5"}


@pytest.mark.parametrize(
    "q,expected",
    [
        ("steekwapens", "wapen"),
        ("LVB jongeren", "lvb"),
        ("barriere", "barri"),
        ("straatboete", "straatboete"),
        ("ouderbetrokkenhied", "ouderbetrokkenheid"),
        ("vuurwapens", "wapens en jongeren"),
    ],
)
def test_the_right_item_is_in_the_top_three(q, expected):
    assert any(expected in title.lower() for title in top(q)), top(q)


def test_whole_word_matches_rank_above_matches_on_compound_parts():
    make_resource("Boswachtersdag", "Een dag met een boswachter.")
    make_resource("Wachtlijst", "Over het bos en de wachtlijst.")
    assert top("boswachter", 2)[0] == "Boswachtersdag"


def test_title_matches_rank_above_body_matches():
    make_resource("Kookworkshop", "Samen koken met jongeren.")
    make_resource("Sportdag", "Met een kookworkshop na afloop.")
    assert top("kookworkshop", 2) == ["Kookworkshop", "Sportdag"]


def test_a_title_with_all_parts_of_a_compound_ranks_above_the_whole_word_in_the_summary():
    make_resource("Jaarverslag van de wijkraad", "Met een hoofdstuk over fietsveiligheid.")
    make_resource("Fiets en veiligheid", "Tips voor ouders van jonge kinderen.")
    assert top("fietsveiligheid", 2) == ["Fiets en veiligheid", "Jaarverslag van de wijkraad"]


def test_the_words_as_typed_rank_above_a_one_way_expansion_in_the_same_field():
    SynonymFactory(terms="fiets\nrijwiel", one_way=True)
    make_resource("Rijwiel", "Een rijwiel onderhouden: rijwiel, rijwiel.")
    make_resource("De fiets", "Over vervoer naar school.")
    assert top("fiets", 2) == ["De fiets", "Rijwiel"]
    assert top("rijwiel", 2) == ["Rijwiel"]


def test_a_two_way_synonym_counts_as_the_word_itself():
    SynonymFactory(terms="fiets\nrijwiel")
    make_resource("Rijwiel", "Een rijwiel onderhouden: rijwiel, rijwiel.")
    make_resource("Vervoer", "Met de fiets naar school.")
    # Both equivalent: the title match wins, whichever of the two words was typed.
    assert top("fiets", 2) == ["Rijwiel", "Vervoer"]
    assert top("rijwiel", 2) == ["Rijwiel", "Vervoer"]


def test_snippet_marks_matching_words_and_escapes_the_rest():
    make_resource("Pannenkoekenfeest", "Bak <b>pannenkoeken</b> & praat met ouders.")
    result = service.search("pannenkoek", AnonymousUser()).results[0]
    assert "<mark>pannenkoeken</mark>" in result.snippet
    assert "&lt;b&gt;" in result.snippet and "&amp;" in result.snippet
