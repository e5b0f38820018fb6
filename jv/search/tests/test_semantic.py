"""Passages, the semantic index and the hybrid search (issue 16).

The semantic index is off for the rest of the suite (see /conftest.py); the fixture
``semantic_on`` switches it on with the real bundled model, and only the items a test creates
are embedded (a few passages each). ``fake_model`` replaces the model by a deterministic
embedder for tests of the plumbing only.
"""

import hashlib
import logging

import numpy as np
import pytest
from django.contrib.auth.models import AnonymousUser

from jv.core.visibility import Visibility, allowed_levels
from jv.dossier.models import IntroPage, ThemePage
from jv.guides.search import guide_document
from jv.guides.tests.factories import GuideFactory, raw, step
from jv.search import hybrid, semantic, service
from jv.search.models import SearchEntry, SearchPassage

pytestmark = pytest.mark.django_db

DANGER_STEPS = [
    step(
        "begin",
        "Is iemand nu in gevaar?",
        question="Dreigt er nu direct gevaar?",
        options=[("Ja", "bellen"), ("Nee", "melden")],
        text="Denk aan een bedreiging met een mes of een oproep om iemand neer te steken.",
    ),
    step(
        "bellen",
        "Bel meteen 112",
        text="Bij acuut gevaar gaat veiligheid voor alles. Bel 112 en vertel wat er gebeurt en waar.",
        actions=[{"text": "Bel 112", "who": "Jij", "urgency": "acute", "phone": "112"}],
    ),
    step(
        "melden",
        "Bespreek het bericht met de wijkagent",
        text="Maak een schermafbeelding van het dreigende bericht en bespreek het met de wijkagent.",
        actions=["Neem contact op met de wijkagent"],
        partners=["Politie"],
    ),
]


@pytest.fixture
def semantic_on(settings):
    settings.JV_SEARCH_SEMANTIC = True
    semantic.reset()
    yield
    semantic.reset()


class FakeModel:
    """Deterministic 'embeddings' from word hashes: similar word sets give similar vectors."""

    def __init__(self):
        self.passages_embedded = []

    def _vector(self, text):
        vector = np.zeros(semantic.DIM, dtype=np.float32)
        for word in text.lower().split():
            vector[int(hashlib.sha1(word.strip(".,?!").encode()).hexdigest(), 16) % semantic.DIM] += 1.0
        return vector / (np.linalg.norm(vector) or 1.0)

    def passage(self, texts):
        if isinstance(texts, str):
            self.passages_embedded.append(texts)
            return self._vector(texts)
        self.passages_embedded.extend(texts)
        return np.stack([self._vector(t) for t in texts])

    def query(self, text):
        return self._vector(text)


@pytest.fixture
def fake_model(semantic_on, monkeypatch):
    model = FakeModel()
    monkeypatch.setattr(semantic, "load_model", lambda: model)
    semantic.reset()
    return model


def entry_of(obj_key):
    return SearchEntry.objects.get(key=obj_key)


# --- passages and their URLs (no model needed) -----------------------------------------------


def test_guide_steps_are_passages_with_their_own_url_and_the_112_step_is_marked():
    guide = GuideFactory(title="Dreigend bericht", slug="dreigend-bericht", steps=raw("routekaart", DANGER_STEPS))
    passages = guide_document(guide).passages
    by_url = {p.url: p for p in passages}
    assert "/routekaarten/dreigend-bericht/?stap=bellen#stap" in by_url
    assert by_url["/routekaarten/dreigend-bericht/?stap=bellen#stap"].emergency is True
    assert by_url["/routekaarten/dreigend-bericht/?stap=melden#stap"].emergency is False
    assert by_url["/routekaarten/dreigend-bericht/?stap=melden#stap"].title == (
        "Dreigend bericht: Bespreek het bericht met de wijkagent"
    )


def test_only_a_step_that_calls_the_emergency_number_is_an_emergency_passage():
    steps = [
        step(
            "begin",
            "Leg het bericht vast",
            text="Maak een schermafbeelding.",
            actions=[{"text": "Stuur het bericht niet door", "who": "Jij", "urgency": "acute"}],
        ),
        *DANGER_STEPS[1:],
    ]
    guide = GuideFactory(title="Dreigend bericht", slug="dreigend-bericht", steps=raw("routekaart", steps))
    emergency = {p.url for p in guide_document(guide).passages if p.emergency}
    assert emergency == {"/routekaarten/dreigend-bericht/?stap=bellen#stap"}


def test_a_step_link_lands_on_the_step_heading_with_focus(anon_client):
    GuideFactory(title="Dreigend bericht", slug="dreigend-bericht", steps=raw("routekaart", DANGER_STEPS))
    html = anon_client.get("/routekaarten/dreigend-bericht/?stap=bellen").content.decode()
    assert '<h1 id="stap" tabindex="-1">Bel meteen 112' in html


def test_each_explained_term_of_a_guide_is_a_passage_that_lands_on_the_term_with_focus(anon_client):
    terms = [
        {
            "type": "term",
            "value": {"term": "Straatboete", "text": "Een verzonnen schuld die een jongere moet betalen."},
        },
        {"type": "term", "value": {"term": "Straatboete", "text": "Dezelfde term nog eens: een eigen anker."}},
        {"type": "term", "value": {"term": "Drill", "text": ""}},  # no explanation: no passage
    ]
    guide = GuideFactory(
        title="Dreigend bericht", slug="dreigend-bericht", steps=raw("routekaart", DANGER_STEPS), background=terms
    )
    by_url = {p.url: p for p in guide_document(guide).passages}
    first = by_url["/routekaarten/dreigend-bericht/#term-straatboete"]
    assert first.title == "Dreigend bericht: Straatboete"
    assert first.text == "Een verzonnen schuld die een jongere moet betalen."
    assert by_url["/routekaarten/dreigend-bericht/#term-straatboete-2"].text.startswith("Dezelfde term")
    assert not any("#term-drill" in url for url in by_url)
    html = anon_client.get(guide.get_url()).content.decode()
    assert '<dt id="term-straatboete" tabindex="-1">Straatboete' in html
    assert '<dt id="term-straatboete-2" tabindex="-1">' in html


def test_intro_page_sections_have_anchors_on_the_page_and_in_the_passages(anon_client):
    from jv.dossier.search import intro_document

    page = IntroPage.objects.live().first()
    sections = [s for s in page.sections() if s["heading"]]
    assert sections and len({s["anchor"] for s in sections}) == len(sections)
    html = anon_client.get(page.url).content.decode()
    for section in sections:
        assert f'id="{section["anchor"]}" tabindex="-1"' in html
    urls = {p.url for p in intro_document(page).passages}
    assert f"{page.url}#{sections[0]['anchor']}" in urls


def test_theme_sections_are_passages_with_dutch_titles():
    from jv.dossier.search import theme_document
    from jv.search.index import document_for, registration_for

    page = ThemePage.objects.live().filter(slug="wapens-en-jongeren").first()
    document = document_for(registration_for(page), page)
    urls = {p.url: p.title for p in document.passages}
    assert urls[page.url + "#wat-speelt-er"] == "Wapens en jongeren: Wat speelt er"
    assert page.url + "#rol-gemeente" in urls
    assert theme_document(page).passages


def test_a_name_in_brackets_is_found_as_one_word():
    found = [r.title for r in service.search("ontwapenend", AnonymousUser(), limit=5, mode="lexical").results]
    assert found[0] == "Interventietool (Ont)wapenend"


def test_a_short_item_is_embedded_with_its_public_themes_which_are_never_shown(fake_model):
    from wagtail.models import PageViewRestriction

    from jv.dossier.tests.factories import ResourceFactory, make_theme

    public = make_theme("Straatcultuur", "straatcultuur")
    hidden = make_theme("Interne casuslijst", "interne-casuslijst")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    resource = ResourceFactory(
        title="Explainer drill", summary="Een filmpje over drillmuziek.", themes=[public, hidden]
    )
    passage = SearchPassage.objects.get(entry__key=f"resource:{resource.pk}")
    assert "Thema's" not in passage.text and passage.text.startswith("Een filmpje over drillmuziek.")
    embedded = [text for text in fake_model.passages_embedded if "drillmuziek" in text]
    assert embedded[-1].startswith("Thema's: Straatcultuur. Een filmpje over drillmuziek.")
    assert all("Interne casuslijst" not in text for text in embedded)


def test_renaming_a_theme_embeds_its_short_items_again(fake_model):
    from jv.dossier.tests.factories import ResourceFactory, make_theme

    theme = make_theme("Straatcultuur", "straatcultuur")
    resource = ResourceFactory(title="Explainer drill", themes=[theme])
    fake_model.passages_embedded.clear()
    theme.title = "Straatcultuur en drill"
    theme.save_revision().publish()
    assert any(text.startswith("Thema's: Straatcultuur en drill.") for text in fake_model.passages_embedded)
    assert SearchPassage.objects.filter(entry__key=f"resource:{resource.pk}").count() == 1


def test_documents_with_their_own_passages_and_items_without_themes_have_no_context():
    from jv.core.searchable import Passage

    assert semantic.embed_text(Passage("Titel", "Tekst.", "/x/")) == "Tekst."
    assert semantic.embed_text(Passage("Titel", "Tekst.", "/x/", context="Thema's: A.")) == "Thema's: A. Tekst."


def test_a_whole_item_is_embedded_without_its_title_and_a_part_with_it():
    from jv.core.searchable import Passage

    # The title stays in the word index; the model reads what an item says, and for a part whose
    # part it is.
    item = Passage("Impulsiviteit", "Eerst doen, dan denken.", "/x/")
    assert semantic.embed_text(item, "Impulsiviteit") == "Eerst doen, dan denken."
    step = Passage("Zorgen over een jongere: Bel 112", "Bel 112 bij acuut gevaar.", "/g/?stap=bel-112#stap")
    assert (
        semantic.embed_text(step, "Zorgen over een jongere")
        == "Zorgen over een jongere: Bel 112. Bel 112 bij acuut gevaar."
    )
    no_text = Passage("Veilig Thuis", "  ", "/x/", context="Thema's: A.")
    assert semantic.embed_text(no_text, "Veilig Thuis") == "Veilig Thuis Thema's: A."


# --- the semantic index with the real model -------------------------------------------------


def test_publishing_embeds_the_items_passages_and_only_the_changed_ones_again(semantic_on, monkeypatch):
    guide = GuideFactory(title="Dreigend bericht", slug="dreigend-bericht", steps=raw("routekaart", DANGER_STEPS))
    entry = entry_of(f"guide:{guide.pk}")
    passages = SearchPassage.objects.filter(entry=entry)
    assert passages.count() == 4  # the guide itself and its three steps
    vector = np.frombuffer(bytes(passages.first().vector), dtype=np.float16)
    assert vector.shape == (semantic.DIM,) and abs(np.linalg.norm(vector.astype(np.float32)) - 1) < 0.01

    embedded = []
    real = semantic.embed_passages
    monkeypatch.setattr(semantic, "embed_passages", lambda texts: embedded.extend(texts) or real(texts))
    steps = [dict(s) for s in DANGER_STEPS]
    steps[2] = {**steps[2], "text": "Bewaar het bericht en bel de wijkagent van de school."}
    guide.steps = raw("routekaart", steps)
    guide.save_revision().publish()
    assert len(embedded) == 1 and "wijkagent van de school" in embedded[0]
    assert SearchPassage.objects.filter(entry__key=f"guide:{guide.pk}").count() == 4

    guide.unpublish()
    assert not SearchPassage.objects.filter(entry__key=f"guide:{guide.pk}").exists()


def test_members_only_passages_are_never_candidates_for_anonymous_callers(semantic_on, member):
    GuideFactory(
        title="Interne werkwijze",
        slug="interne-werkwijze",
        visibility=Visibility.MEMBERS,
        steps=raw("routekaart", DANGER_STEPS),
    )
    question = "Wat doe ik als een jongere online dreigt iemand neer te steken?"
    anonymous = semantic.search(question, allowed_levels(AnonymousUser()))
    members = semantic.search(question, allowed_levels(member))
    guide_entry = entry_of(f"guide:{GuideFactory._meta.model.objects.get(slug='interne-werkwijze').pk}")
    assert guide_entry.pk not in {hit.entry_id for hit in anonymous}
    assert guide_entry.pk in {hit.entry_id for hit in members}
    results = service.search(question, AnonymousUser(), limit=50)
    assert results.mode == "hybrid"
    assert "Interne werkwijze" not in [r.title for r in results.results]
    assert results.answer is None or "Interne werkwijze" not in results.answer.title


def test_a_question_about_acute_danger_gets_the_112_step_as_answer_first(semantic_on, anon_client):
    GuideFactory(title="Dreigend bericht", slug="dreigend-bericht", steps=raw("routekaart", DANGER_STEPS))
    question = "Iemand zet op Snapchat dat hij morgen iemand gaat neersteken, wat moet ik doen?"
    found = service.search(question, AnonymousUser())
    assert found.answer is not None and found.answer.emergency
    assert found.answer.url == "/routekaarten/dreigend-bericht/?stap=bellen#stap"
    assert found.results[0].url == "/routekaarten/dreigend-bericht/?stap=bellen#stap"

    response = anon_client.get("/zoeken/", {"q": question})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<section class="answer-card answer-card--emergency" aria-labelledby="answer-heading">' in html
    assert "Acuut gevaar? Handel nu" in html
    assert 'href="/routekaarten/dreigend-bericht/?stap=bellen#stap"' in html
    assert html.index("answer-card") < html.index("result-list")

    body = anon_client.get("/api/v1/search/", {"q": question}).json()
    assert set(body) == {"query", "count", "next", "previous", "results", "answer"}
    assert body["answer"]["url"] == "http://testserver/routekaarten/dreigend-bericht/?stap=bellen#stap"
    assert body["answer"]["type"] == "guide" and "112" in body["answer"]["passage"]


def test_an_off_topic_question_gets_no_answer_and_nothing_by_meaning(semantic_on):
    GuideFactory(title="Dreigend bericht", slug="dreigend-bericht", steps=raw("routekaart", DANGER_STEPS))
    question = "Hoe maak ik een lekkere lasagne met spinazie?"
    found = service.search(question, AnonymousUser())
    by_words = service.search(question, AnonymousUser(), mode="lexical", limit=50)
    assert found.mode == "hybrid" and found.answer is None
    # Only what the word search found (some of the words, if anything): nothing by meaning.
    assert found.count == by_words.count
    assert {r.title for r in found.results} <= {r.title for r in by_words.results}


def test_keyword_search_has_no_answer_card(semantic_on, anon_client):
    GuideFactory(title="Dreigend bericht", slug="dreigend-bericht", steps=raw("routekaart", DANGER_STEPS))
    body = anon_client.get("/api/v1/search/", {"q": "wijkagent"}).json()
    assert body["answer"] is None and body["count"] >= 1


@pytest.mark.parametrize("q", ["x" * 20_000, "mes\x00tas", "!!! ??? ... ;;;", "wat?" * 100])
def test_hostile_input_never_gives_a_server_error(semantic_on, anon_client, q):
    page = anon_client.get("/zoeken/", {"q": q})
    api = anon_client.get("/api/v1/search/", {"q": q})
    assert page.status_code in (200, 400) and api.status_code in (200, 400)


# --- fallback --------------------------------------------------------------------------------


def test_without_the_model_search_works_by_words_logs_once_and_readyz_says_so(
    semantic_on, monkeypatch, caplog, anon_client
):
    def broken():
        raise OSError("model file missing")

    monkeypatch.setattr(semantic, "load_model", broken)
    semantic.reset()
    with caplog.at_level(logging.ERROR, logger="jv.search.semantic"):
        first = service.search("Waar vind ik een kwartetspel over emoji's?", AnonymousUser())
        second = service.search("kwartetspel", AnonymousUser())
    assert first.mode == "lexical" and second.mode == "lexical"
    assert "Emoji-kwartetspel 'Meer dan een plaatje'" in [r.title for r in second.results]
    assert len([r for r in caplog.records if "Semantic search unavailable" in r.getMessage()]) == 1
    body = anon_client.get("/api/v1/search/", {"q": "kwartetspel"}).json()
    assert body["answer"] is None and body["results"]
    ready = anon_client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["search"]["mode"] == "lexical"
    # The public answer names no error text; the log does.
    assert ready.json()["checks"]["search"]["error"] == "unavailable"
    assert "model file missing" not in ready.content.decode()
    assert any("model file missing" in r.getMessage() for r in caplog.records)


def test_readyz_reports_hybrid_search_when_the_model_is_loaded(semantic_on, anon_client):
    assert semantic.available()
    assert anon_client.get("/readyz").json()["checks"]["search"]["mode"] == "hybrid"


# --- plumbing (fake embedder) -----------------------------------------------------------------


def test_the_workers_matrix_follows_every_change_of_the_index(fake_model):
    from jv.search.tests.factories import make_resource

    semantic.search("iets", ["public"])  # load the matrix
    before = semantic.matrix()
    resource = make_resource("Zwemles voor jongeren", "Over zwemmen en zwemdiploma's in de wijk.")
    after = semantic.matrix()
    assert after is not before and after.size == before.size + 1
    entry = entry_of(f"resource:{resource.pk}")
    hits = semantic.search("zwemmen zwemdiploma's", ["public"], k=5)
    assert hits[0].entry_id == entry.pk
    resource.unpublish()
    assert entry.pk not in {hit.entry_id for hit in semantic.search("zwemmen", ["public"], k=50)}


def test_a_draft_of_an_indexed_item_changes_neither_index_nor_the_content_version(fake_model):
    """Saving a draft re-reads the live item: the same document again. Passages, their ids and the
    semantic token stay, so a worker's matrix (and every remembered answer) stays valid."""
    from jv.core.cache import content_version
    from jv.search.tests.factories import make_resource

    resource = make_resource("Zwemles voor jongeren", "Over zwemmen en zwemdiploma's in de wijk.")
    ids = list(SearchPassage.objects.filter(entry__key=f"resource:{resource.pk}").values_list("id", flat=True))
    token, version = semantic.current_token(), content_version()
    resource.summary = "Een concept dat nog niet live staat."
    resource.save_revision()
    assert list(SearchPassage.objects.filter(entry__key=f"resource:{resource.pk}").values_list("id", flat=True)) == ids
    assert (semantic.current_token(), content_version()) == (token, version)
    resource.save_revision().publish()  # now it is live: new passages, new token, new version
    assert semantic.current_token() != token and content_version() != version


def test_without_a_model_an_item_saved_again_keeps_the_content_version(semantic_on, monkeypatch):
    """No model: no passages can be stored, and writing none again is no change (else every
    draft saved would empty every cache)."""
    from jv.core.cache import content_version
    from jv.search.tests.factories import make_resource

    monkeypatch.setattr(semantic, "load_model", lambda: (_ for _ in ()).throw(OSError("no engine")))
    semantic.reset()
    resource = make_resource("Zwemles voor jongeren", "Over zwemmen in de wijk.")
    entry = entry_of(f"resource:{resource.pk}")
    assert not SearchPassage.objects.filter(entry=entry).exists()
    version = content_version()
    from jv.search import index

    document = index.document_for(index.registration_for(resource), resource)
    assert semantic.write_entry(entry.pk, document) == 0
    assert content_version() == version


def test_rebuild_rebuilds_both_indexes_and_reuses_unchanged_vectors(fake_model):
    from django.core.management import call_command

    from jv.search.tests.factories import make_resource

    make_resource("Zwemles voor jongeren", "Over zwemmen.")
    call_command("rebuild_search_index", verbosity=0)
    count = SearchPassage.objects.count()
    assert count >= SearchEntry.objects.count()  # every document has at least one passage
    fake_model.passages_embedded.clear()
    call_command("rebuild_search_index", verbosity=0)
    assert fake_model.passages_embedded == []  # nothing changed: no passage embedded again
    assert SearchPassage.objects.count() == count


def test_keyword_queries_put_items_found_by_meaning_only_after_the_word_matches():
    class Hit:
        def __init__(self, entry_id, exact=True):
            self.entry_id, self.exact, self.score = entry_id, exact, 1.0

    lexical = [Hit(1), Hit(2), Hit(3)]
    close = [semantic.PassageHit(10, 3, 0.90, False), semantic.PassageHit(11, 9, 0.89, False)]
    plan = hybrid.fuse("halt", close, lambda n: lexical[:n], 3)
    assert [entry_id for entry_id, *_ in plan.ranked][-1] == 9
    assert sorted(entry_id for entry_id, *_ in plan.ranked[:3]) == [1, 2, 3]
    assert plan.answer is None
    assert plan.count == 4  # entry 9 was found by meaning only


def test_keywords_keep_the_word_order_and_take_close_items_by_meaning_only_when_words_matched():
    class Hit:
        def __init__(self, entry_id):
            self.entry_id, self.exact, self.score = entry_id, True, 1.0

    lexical = [Hit(9001), Hit(9002)]
    # Ids no item has (the type prior reads the items' weights). Meaning prefers the second word
    # match; it also finds item 9007 (0.835: below the floor of
    # questions, above the floor for keywords with word matches) and item 9008 (too far below).
    close = [
        semantic.PassageHit(10, 9002, 0.875, False),
        semantic.PassageHit(11, 9001, 0.850, False),
        semantic.PassageHit(12, 9007, 0.835, False),
        semantic.PassageHit(13, 9008, 0.820, False),
    ]
    plan = hybrid.fuse("staat van de straat", close, lambda n: lexical[:n], 2)
    assert [entry_id for entry_id, *_ in plan.ranked] == [9001, 9002, 9007]
    assert plan.extra_entries == [9007] and plan.count == 3
    # Without any word match the floor of 0.84 holds: nothing by meaning below it.
    plan = hybrid.fuse("staat van de straat", close, lambda n: [], 0)
    assert [entry_id for entry_id, *_ in plan.ranked] == [9002, 9001]
    # A question keeps the floor of 0.84 for items by meaning only, word matches or not.
    question = "Waar vind ik iets over de staat van de straat?"
    plan = hybrid.fuse(question, close, lambda n: lexical[:n], 2)
    assert 9007 not in {entry_id for entry_id, *_ in plan.ranked}


def test_questions_are_recognised_and_their_phrasing_left_out_of_the_word_search():
    assert hybrid.is_question("Wat moet ik doen als een leerling een mes heeft?")
    assert hybrid.is_question("Een leerling heeft een mes in zijn tas")
    assert not hybrid.is_question("licht verstandelijke beperking")
    assert hybrid.strip_question("Een leerling heeft een mes in zijn tas, wat moet ik doen?") == (
        "een leerling heeft een mes in zijn tas"
    )
    assert hybrid.is_danger("iemand wil een ander neersteken")
    assert not hybrid.is_danger("ouderavond over groepsdruk")


def test_a_worker_warms_the_model_and_matrix_before_its_first_search(fake_model):
    """gunicorn's post_worker_init: the model, the matrix and the engine are ready before the
    worker takes a request, so no visitor's search waits for them."""
    assert semantic.warm_up() is True
    assert semantic._state.tried and semantic._state.model is fake_model
    assert semantic._matrix is not None and semantic._matrix.size == SearchPassage.objects.count()


def test_the_search_warm_up_loads_the_analyser_and_the_semantic_side(fake_model, monkeypatch):
    from jv.search import analyzer

    monkeypatch.setattr(analyzer, "RESOURCES", analyzer._Resources())  # as in a new worker
    assert service.warm_up() is True
    assert analyzer.RESOURCES._loaded and semantic._matrix is not None


def test_warming_up_never_fails_a_worker(semantic_on, monkeypatch, settings, caplog):
    monkeypatch.setattr(semantic, "matrix", lambda: (_ for _ in ()).throw(RuntimeError("database away")))
    monkeypatch.setattr(semantic, "load_model", lambda: FakeModel())
    semantic.reset()
    assert semantic.warm_up() is False
    assert "not warmed up" in caplog.text
    settings.JV_SEARCH_SEMANTIC = False
    assert semantic.warm_up() is False


def test_gunicorn_warms_each_worker_and_leaves_no_connection_open(monkeypatch):
    import runpy
    from pathlib import Path

    from django.db import connections

    calls = []
    monkeypatch.setattr(service, "warm_up", lambda: calls.append("warm") or True)
    monkeypatch.setattr(connections, "close_all", lambda: calls.append("closed"))
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    conf = runpy.run_path(str(Path(__file__).resolve().parents[3] / "gunicorn.conf.py"))

    class Worker:
        class log:
            messages = []

            @classmethod
            def info(cls, message, *args):
                cls.messages.append(message % args if args else message)

    conf["post_worker_init"](Worker)
    conf["on_exit"](None)
    assert calls == ["warm", "closed"] and Worker.log.messages == ["semantic search ready"]


def test_keywords_with_many_word_matches_skip_the_embedding_and_keep_their_first_pages(fake_model, monkeypatch):
    """Items found by meaning only follow every word match of a keyword query: with at least
    KEYWORD_MEANING_BELOW word matches the first pages are the same without them, so the query
    is not embedded at all. Questions and keywords with fewer matches still are."""
    user = AnonymousUser()
    words_only = service.search("jongeren", user, mode="lexical", limit=50)
    assert words_only.count >= service.KEYWORD_MEANING_BELOW
    embedded = []
    real = semantic.search
    monkeypatch.setattr(semantic, "search", lambda text, *a, **k: embedded.append(text) or real(text, *a, **k))
    many = service.search("jongeren", user, limit=50)
    assert embedded == [] and many.mode == "lexical"
    assert [r.url for r in many.results] == [r.url for r in words_only.results]
    assert many.count == words_only.count
    few = service.search("wapens", user)
    question = service.search("Wat doe ik als jongeren in de wijk overlast geven?", user)
    assert embedded == ["wapens", "Wat doe ik als jongeren in de wijk overlast geven?"]
    assert few.mode == "hybrid" and question.mode == "hybrid"
