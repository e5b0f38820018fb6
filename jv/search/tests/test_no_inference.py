"""Nothing members-only can be inferred through search (issue 13, point 1).

An outsider who knows the code probes the search with typos: the spelling vocabulary, "did you
mean", the "is this word known?" check, counts, facets, snippets and the synonym hint must all
come from what the caller may see. These are engine tests: run them on SQLite and PostgreSQL.
"""

import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser

from jv.core.visibility import Visibility
from jv.network.tests.factories import EventFactory, OrganisationFactory
from jv.search import analyzer, index, service, spelling
from jv.search.models import SearchDependency, SearchEntry, SearchTerm

from .factories import SynonymFactory, make_resource

pytestmark = pytest.mark.django_db

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo_variants(word: str) -> list[str]:
    """One deletion, one substitution and one transposition, away from the first letter (users
    rarely get that one wrong, and the spelling check keeps distance 1 for short words)."""
    middle = max(1, len(word) // 2)
    deletion = word[:middle] + word[middle + 1 :]
    replacement = next(c for c in LETTERS if c != word[middle])
    substitution = word[:middle] + replacement + word[middle + 1 :]
    i = middle if middle + 1 < len(word) else middle - 1
    transposition = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return sorted({v for v in (deletion, substitution, transposition) if v != word and len(v) >= 3})


def members_only_words() -> set[str]:
    """Words of the index that occur only in members-only documents, computed from the index."""
    public = set(SearchTerm.objects.filter(level=Visibility.PUBLIC).values_list("term", flat=True))
    members = set(SearchTerm.objects.filter(level=Visibility.MEMBERS).values_list("term", flat=True))
    return {word for word in members - public if word.isalpha()}


def folded(text: str) -> str:
    return analyzer.fold(analyzer.normalize(text))


def occurs(word: str, text: str) -> bool:
    return re.search(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", text) is not None


def service_text(results) -> str:
    """Everything the search service returns, as one folded text."""
    parts = [results.query, results.corrected or "", results.suggestion or "", *results.synonyms]
    for result in results.results:
        parts += [result.title, str(result.title_html), str(result.snippet), result.url, *result.themes]
    parts += [f"{facet.value} {facet.label}" for facet in [*results.types, *results.themes]]
    return folded(" ".join(parts))


@pytest.fixture
def secret_words():
    """Members-only content with words that occur nowhere else (a surname, a place)."""
    make_resource(
        "Casusoverleg met Willems",
        "Afspraken met Willems uit Hekelingen over de aanpak.",
        visibility="members",
    )
    return {"willems", "hekelingen"}


def test_the_vocabulary_is_kept_per_visibility_level(secret_words):
    assert set(SearchTerm.objects.filter(term="willems").values_list("level", flat=True)) == {"members"}
    spelling.VOCABULARY.invalidate()
    assert spelling.correct("wilems", ["public"]) is None
    assert spelling.correct("wilems", ["public", "members"]) == "willems"


def test_members_see_corrections_to_members_only_words_and_anonymous_visitors_do_not(secret_words, member):
    spelling.VOCABULARY.invalidate()
    as_member = service.search("wilems", member)
    assert as_member.corrected == "willems" and as_member.count >= 1
    for query in ("wilems", "hekeingen", "willems", "hekelingen"):
        anonymous = service.search(query, AnonymousUser())
        assert anonymous.count == 0 and anonymous.results == []
        assert anonymous.corrected is None and anonymous.suggestion is None
        assert not any(occurs(word, service_text(anonymous)) for word in secret_words - {query})


def test_a_members_only_word_looks_like_a_word_that_does_not_exist(secret_words):
    """The "is this word known?" check: an anonymous search for a members-only word gets the
    same answer as a search for a word that occurs nowhere (no tell-tale missing correction)."""
    spelling.VOCABULARY.invalidate()
    hidden = service.search("willems", AnonymousUser())
    unknown = service.search("wxllqms", AnonymousUser())
    for field in ("count", "corrected", "suggestion", "any_words", "broadened", "types", "themes"):
        assert getattr(hidden, field) == getattr(unknown, field)


def test_a_suggestion_is_shown_only_when_it_finds_something_the_caller_may_see(secret_words, member):
    """Two words, one a typo of a public word: no document has both, so the corrected query
    finds nothing; a members-only correction is never offered, a public one only when it finds
    something the caller may see."""
    make_resource("Zwemlessen in de zomer", "Over zwemlessen.")
    spelling.VOCABULARY.invalidate()
    anonymous = service.search("zwemlesen wilems", AnonymousUser())
    assert "willems" not in service_text(anonymous)
    assert anonymous.suggestion is None or service.search(anonymous.suggestion, AnonymousUser()).count > 0


def test_a_synonym_hint_never_names_a_members_only_word(secret_words):
    SynonymFactory(terms="casusoverleg\nhekelingen-overleg\nwillems", kind="synonym")
    make_resource("Casusoverleg in de wijk", "Een openbaar verhaal over casusoverleg.")
    spelling.VOCABULARY.invalidate()
    anonymous = service.search("casusoverleg", AnonymousUser())
    assert anonymous.count >= 1
    assert "willems" not in anonymous.synonyms
    assert not occurs("willems", service_text(anonymous))


def test_no_members_only_word_is_revealed_by_any_typo_anywhere(secret_words, anon_client, member):
    """For every word that occurs only in members-only documents (computed from the index),
    the word itself and its typo variants (deletion, substitution, transposition) never bring
    it into anything an anonymous visitor gets: the service, the page and the API.

    A word can also be built from public words alone (a compound corrected part by part:
    "casusoaerleg" -> "casusoverleg" when public items have "casus" and "overleg"): that reveals
    nothing. So every finding is checked again with the members-only documents taken out of the
    index: a leak is a word that appears only while they are there."""
    spelling.VOCABULARY.invalidate()
    words = members_only_words()
    assert secret_words <= words
    # The probe works: a member gets the hidden word back from one of its typos.
    assert any(service.search(v, member).corrected == "willems" for v in typo_variants("willems"))

    baseline = folded(anon_client.get("/zoeken/", {"q": "qqqxv"}).content.decode())
    sample = sorted(secret_words) + sorted(words - secret_words)[:: max(1, len(words) // 25)]

    def findings(word, query, http):
        found = []
        text = service_text(service.search(query, AnonymousUser()))
        if occurs(word, text.replace(folded(query), " ")):
            found.append("service")
        if http:
            page = anon_client.get("/zoeken/", {"q": query})
            api = anon_client.get("/api/v1/search/", {"q": query})
            assert page.status_code == 200 and api.status_code == 200
            html = folded(page.content.decode()).replace(folded(query), " ")
            payload = folded(json.dumps(api.json(), ensure_ascii=False)).replace(folded(query), " ")
            if occurs(word, html) and not occurs(word, baseline):
                found.append("page")
            if occurs(word, payload):
                found.append("api")
        return found

    candidates = []
    for word in sorted(words):
        for query in [word, *typo_variants(word)]:
            for channel in findings(word, query, http=word in sample):
                candidates.append((channel, word, query))
    assert not [c for c in candidates if c[1] in secret_words]

    # The same queries without any members-only document in the index.
    for entry in SearchEntry.objects.filter(visibility=Visibility.MEMBERS):
        index.remove(entry.object_model, entry.object_id)
    spelling.VOCABULARY.invalidate()
    assert not members_only_words()
    leaks = [
        (channel, word, query) for channel, word, query in candidates if channel not in findings(word, query, True)
    ]
    assert leaks == []


def test_facets_and_counts_ignore_members_only_documents(member):
    from jv.dossier.models import ThemePage

    lvb = ThemePage.objects.get(slug="lvb")
    make_resource("Kwispelhulp openbaar", "Over kwispelhulp.")
    make_resource("Kwispelhulp intern", "Over kwispelhulp.", visibility="members", themes=[lvb])
    anonymous = service.search("kwispelhulp", AnonymousUser())
    assert anonymous.count == 1 and anonymous.themes == []
    assert [(f.value, f.count) for f in anonymous.types] == [("resource", 1)]
    signed_in = service.search("kwispelhulp", member)
    assert signed_in.count == 2 and [f.value for f in signed_in.themes] == ["lvb"]


# --- one dependency registration: documents that name an object follow its visibility ---------


def event_with_organiser(name):
    organiser = OrganisationFactory(name=name, slug="kwispel-organisatie")
    organiser.save_revision().publish()
    event = EventFactory(title="Ouderavond over social media", slug="ouderavond-social", organiser=organiser)
    event.save_revision().publish()
    return organiser, event


def test_an_event_document_records_its_organiser_as_dependency():
    organiser, event = event_with_organiser("Stichting Kwispeltuin")
    entry = SearchEntry.objects.get(key=f"event:{event.pk}")
    assert SearchDependency.objects.filter(
        entry=entry, object_model="network.organisation", object_id=str(organiser.pk)
    ).exists()


@pytest.mark.parametrize("change", ["members_only", "unpublish", "delete"])
def test_when_an_organisation_is_withdrawn_every_document_naming_it_forgets_it(change, member):
    organiser, event = event_with_organiser("Stichting Kwispeltuin")
    spelling.VOCABULARY.invalidate()
    assert [r.title for r in service.search("kwispeltuin", AnonymousUser()).results] == [
        "Stichting Kwispeltuin",
        "Ouderavond over social media",
    ]
    if change == "members_only":
        organiser.visibility = Visibility.MEMBERS
        organiser.save_revision().publish()
    elif change == "unpublish":
        organiser.unpublish()
    else:
        organiser.delete()
    spelling.VOCABULARY.invalidate()
    for query in ("kwispeltuin", "kwispeltiun", "kwispeltun"):
        anonymous = service.search(query, AnonymousUser())
        assert anonymous.count == 0 and anonymous.suggestion is None and anonymous.corrected is None
    assert service.search("ouderavond social", AnonymousUser()).count >= 1  # the event itself stays
    if change == "members_only":
        assert [r.title for r in service.search("kwispeltuin", member).results] == ["Stichting Kwispeltuin"]


def test_a_gemeente_document_follows_its_partner_organisations():
    from jv.region.models import GemeentePartner
    from jv.region.tests.factories import gemeente

    place = gemeente("schiedam")
    partner = OrganisationFactory(name="Buurtteam Zwaluwstaart", slug="buurtteam-zwaluwstaart")
    partner.save_revision().publish()
    GemeentePartner.objects.create(gemeente=place, organisation=partner, role="jeugdwerk")
    index.index_object(place)
    assert {r.type for r in service.search("zwaluwstaart", AnonymousUser()).results} == {"organisation", "gemeente"}
    partner.visibility = Visibility.MEMBERS
    partner.save_revision().publish()
    assert service.search("zwaluwstaart", AnonymousUser()).count == 0


def test_the_full_rebuild_records_dependencies_of_prefetched_relations():
    from jv.interventions.models import Intervention

    intervention = Intervention.objects.filter(live=True).exclude(risk_factors=None).first()
    assert intervention is not None
    index.rebuild()
    entry = SearchEntry.objects.get(key=f"intervention:{intervention.pk}")
    recorded = set(entry.dependencies.values_list("object_model", "object_id"))
    factors = {("interventions.factor", str(pk)) for pk in intervention.risk_factors.values_list("pk", flat=True)}
    assert factors and factors <= recorded


# --- related names: one rule (visibility.shown_with) for every document of every app -----------


def test_no_public_document_names_a_members_only_theme_or_organisation():
    """Every registered document at once: with all themes and organisations members-only, no
    public document carries a theme slug (facets, ?theme=), a theme title (semantic context) or
    an organisation's name (a gemeente's partners, an event's organiser)."""
    from wagtail.models import PageViewRestriction

    from jv.dossier.models import ThemeIndexPage, ThemePage
    from jv.network.models import Organisation

    themes = list(ThemePage.objects.live())
    organisations = list(Organisation.objects.filter(live=True))
    assert themes and organisations
    # Names found nowhere else: one that appears in a public document came through a relation.
    titles = {f"Kwispelthema{n}" for n in range(len(themes))}
    names = {f"Kwispelorganisatie{n}" for n in range(len(organisations))}
    for theme, title in zip(themes, sorted(titles), strict=True):
        ThemePage.objects.filter(pk=theme.pk).update(title=title)
    for organisation, name in zip(organisations, sorted(names), strict=True):
        Organisation.objects.filter(pk=organisation.pk).update(name=name, visibility=Visibility.MEMBERS)
    PageViewRestriction.objects.create(page=ThemeIndexPage.objects.get(), restriction_type=PageViewRestriction.LOGIN)
    slugs = {theme.slug for theme in themes}
    public = [doc for _label, _pk, doc in index.collect_documents() if doc.visibility == Visibility.PUBLIC]
    assert {doc.type for doc in public} >= {"resource", "intervention", "event", "gemeente", "guide"}
    leaks = []
    for doc in public:
        leaks += [(doc.key, "themes", slug) for slug in set(doc.themes) & slugs]
        leaks += [(doc.key, "context", title) for title in titles if title in doc.context]
        leaks += [(doc.key, "text", name) for name in names if name in f"{doc.title} {doc.summary} {doc.body}"]
    assert leaks == []


def test_members_only_documents_still_name_members_only_themes_and_organisers(member):
    from wagtail.models import PageViewRestriction

    from jv.dossier.tests.factories import make_theme

    theme = make_theme("Interne kwispelzorg", "interne-kwispelzorg")
    PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)
    public = make_resource("Kwispelkaart openbaar", "Over kwispelkaart.", themes=[theme])
    internal = make_resource("Kwispelkaart intern", "Over kwispelkaart.", visibility="members", themes=[theme])
    assert SearchEntry.objects.get(key=f"resource:{public.pk}").theme_slugs == []
    assert SearchEntry.objects.get(key=f"resource:{internal.pk}").theme_slugs == ["interne-kwispelzorg"]
    assert [f.value for f in service.search("kwispelkaart", member).themes] == ["interne-kwispelzorg"]
    assert service.search("kwispelkaart", AnonymousUser()).themes == []
    assert service.search("kwispelkaart", AnonymousUser(), theme="interne-kwispelzorg").count == 0

    organiser = OrganisationFactory(name="Stichting Kwispelkring", slug="kwispelkring", visibility=Visibility.MEMBERS)
    organiser.save_revision().publish()
    event = EventFactory(title="Besloten overleg", slug="besloten-overleg", organiser=organiser)
    event.visibility = Visibility.MEMBERS
    event.save_revision().publish()
    assert {r.title for r in service.search("kwispelkring", member).results} == {
        "Stichting Kwispelkring",
        "Besloten overleg",
    }
    assert service.search("kwispelkring", AnonymousUser()).count == 0


def test_a_theme_that_becomes_members_only_leaves_every_public_document_filed_under_it():
    """The dependency registration: restricting the theme re-indexes what names it, in every app."""
    from wagtail.models import PageViewRestriction

    from jv.dossier.tests.factories import make_theme

    theme = make_theme("Kwispelwerk", "kwispelwerk")
    resource = make_resource("Kwispelgids", "Een gids.", themes=[theme])
    organisation = OrganisationFactory(name="Huis van de wijk Zuid", slug="huis-zuid", themes=[theme])
    organisation.save_revision().publish()
    keys = [f"resource:{resource.pk}", f"organisation:{organisation.pk}"]

    def filed():
        return [SearchEntry.objects.get(key=key).theme_slugs for key in keys]

    assert filed() == [["kwispelwerk"], ["kwispelwerk"]]
    assert service.search("kwispelgids", AnonymousUser(), theme="kwispelwerk").count == 1
    restriction = PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)
    assert filed() == [[], []]
    assert service.search("kwispelgids", AnonymousUser(), theme="kwispelwerk").count == 0
    restriction.delete()
    assert filed() == [["kwispelwerk"], ["kwispelwerk"]]


OWN_ROWS = {"roles"}  # an organisation's own role lines: part of it, no visibility of their own


def test_search_modules_leave_related_visibility_to_the_visibility_module():
    """House rule: no ``*_document`` decides by itself which related objects it may name."""
    from pathlib import Path

    import jv

    broken = []
    for path in sorted(Path(jv.__file__).parent.glob("*/search.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            where = f"{path.parent.name}/search.py:{number}"
            if "level_of" in line or "Visibility." in line:
                broken.append(where)
            for relation in re.findall(r"\b\w+\.(\w+)\.all\(\)", line):
                if relation not in {"objects", *OWN_ROWS} and "shown_with(" not in line:
                    broken.append(where)
    assert broken == [], "narrow related objects with jv.core.visibility.shown_with"
