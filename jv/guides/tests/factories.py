"""Factories and small builders for guides in tests."""

import factory

from jv.core.tests.factories import LiveContentFactory, many_to_many
from jv.guides.models import Guide
from jv.guides.structure import BLOCK_FOR_KIND, steps_from_raw

SOURCE = {"title": "Testbron", "url": "https://example.org/bron", "publisher": "Testuitgever", "date": "2024"}


def step(id, title=None, *, question="", options=(), actions=(), partners=(), **extra):
    """A decision/model step as raw block value; ``options`` are (label, next) pairs, ``actions`` texts or dicts."""
    value = {
        "id": id,
        "title": title or f"Stap {id}",
        "text": f"Uitleg bij {id}.",
        "question": question,
        "options": [{"label": label, "next": nxt} for label, nxt in options],
        "actions": [
            a if isinstance(a, dict) else {"text": a, "who": "Jij", "urgency": "normal", "phone": ""} for a in actions
        ],
        "partners": [p if isinstance(p, dict) else {"name": p} for p in partners],
    }
    value.update(extra)
    return value


def group(
    id,
    title=None,
    *,
    signals=("Signaal A", "Signaal B"),
    actions=("Overleg met een collega",),
    barriers=(),
    partners=("Partner",),
    **extra,
):
    """A checklist group (domain or phase) as raw block value."""
    value = {
        "id": id,
        "title": title or f"Groep {id}",
        "text": f"Uitleg bij {id}.",
        "signals": [{"label": s} for s in signals],
        "partners": [{"name": p} for p in partners],
    }
    if barriers:
        value["barriers"] = [
            b if isinstance(b, dict) else {"text": b, "who": "Gemeente", "kind": "barrier_non_legal"} for b in barriers
        ]
    if actions and "barriers" not in value:
        value["actions"] = [{"text": a, "who": "Jij", "urgency": "normal"} for a in actions]
    value.update(extra)
    return value


def raw(kind, steps):
    return [{"type": BLOCK_FOR_KIND[kind], "value": s} for s in steps]


def structure(kind, steps):
    """Steps as the validator sees them."""
    return steps_from_raw(raw(kind, steps))


def simple_decision_steps():
    return [
        step("begin", question="Is er gevaar?", options=[("Ja", "bellen"), ("Nee", "melden")]),
        step("bellen", actions=[{"text": "Bel 112", "who": "Jij", "urgency": "acute", "phone": "112"}]),
        step("melden", actions=["Meld het bij de politie"], partners=["Politie"]),
    ]


class GuideFactory(LiveContentFactory):
    class Meta:
        model = Guide

    title = factory.Sequence(lambda n: f"Testroutekaart {n}")
    slug = factory.Sequence(lambda n: f"testroutekaart-{n}")
    kind = "routekaart"
    summary = "Een routekaart om mee te testen."
    steps = factory.LazyAttribute(lambda o: raw(o.kind, simple_decision_steps()) if o.kind == "routekaart" else [])
    sources = factory.LazyFunction(lambda: [{"type": "source", "value": dict(SOURCE)}])
    themes = many_to_many("themes")

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        if create and self.live:
            self.save_revision().publish()
