"""The Dutch analyzer: the same tokens for the forms a professional may type."""

import pytest

from jv.search import analyzer


def tokens(word):
    return set(analyzer.analyze_word(analyzer.normalize(word)).tokens())


def main(word):
    return analyzer.analyze_word(analyzer.normalize(word)).token


@pytest.mark.parametrize(
    "a,b",
    [
        ("messen", "mes"),
        ("steekwapens", "steekwapen"),
        ("interventies", "interventie"),
        ("groepen", "groep"),
        ("jongeren", "jongere"),
        ("ouders", "ouder"),
        ("barrière", "barriere"),
        ("Barrières", "barriere"),
        ("scholen", "school"),
        ("rivaliserende", "rivaliseren"),
    ],
)
def test_inflected_forms_share_their_main_token(a, b):
    assert main(a) == main(b)


@pytest.mark.parametrize(
    "compound,parts",
    [
        ("steekwapenproblematiek", {"steekwapen", "wapen", "problematiek"}),
        ("schoolveiligheid", {"school", "veiligheid"}),
        ("groepsaanpak", {"groep", "aanpak"}),
        ("straatboetes", {"straat", "boete"}),
        ("ouderbetrokkenheid", {"ouder", "betrokkenheid"}),
        ("jongerenwerker", {"jongeren", "werker"}),
        ("vuurwapens", {"vuur", "wapen"}),
        ("rolverdeling", {"rol", "verdeling"}),
    ],
)
def test_compounds_keep_the_whole_word_and_add_their_parts(compound, parts):
    found = tokens(compound)
    assert main(compound) in found
    for part in parts:
        assert main(part) in found, (compound, part)


def test_common_words_are_not_split():
    assert analyzer.split_compound("aanpak") is None
    assert analyzer.split_compound("veiligheid") is None


def test_hyphenated_words_give_parts_and_joined_form():
    found = tokens("LVB-jongeren")
    assert {"lvb", main("jongeren"), "lvbjonger"} <= found


def test_protected_abbreviations_are_kept_as_typed():
    assert main("LVB") == "lvb"
    assert main("Halt") == "halt"  # not lemmatised to "halen"
    assert main("NJI") == "nji"


def test_normalisation_handles_width_ligatures_and_control_characters():
    assert analyzer.normalize("ＬＶＢ") == "lvb"
    assert analyzer.words("mes\x00school") == ["mes", "school"]


def test_accents_are_folded_last():
    assert main("geïnteresseerd") == main("geinteresseerd")
    assert main("café") == main("cafe")


def test_stopwords_are_left_out_of_text():
    assert analyzer.analyze_text("de en het van") == []


def test_overlong_words_are_ignored():
    assert analyzer.analyze_word("a" * 5000) is None
    assert analyzer.analyze_text("x" * 20000 + " mes") == [main("mes")]


def test_tokens_are_plain_letters_and_digits_only():
    text = 'Wat "AND" -mes* title:school (NEAR) 7-stappenmodel emoji\'s ☃ 😀'
    for token in analyzer.analyze_text(text):
        assert token.isalnum(), token


def test_version_is_stable_and_names_the_rules():
    assert analyzer.analyzer_version() == analyzer.analyzer_version()
    assert analyzer.analyzer_version().startswith("nl-")
