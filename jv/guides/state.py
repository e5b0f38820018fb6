"""The visitor's position in a guide, read from (and written to) the URL only.

Decision guides and step models::

    <guide url>?stap=<step id>&pad=<step id>.<answer number>,<step id>.<answer number>,...

``pad`` lists the answers given so far, from the first step, as the answered step's id and the
number (from 1) of the chosen answer; following them must arrive at ``stap``. Without ``pad`` a
step is opened directly (a shared link to one step). Repeated ``pad`` parameters are joined.

Checklists::

    <guide url>?signaal=<step id>.<n>&signaal=...[&stap=<step id>][&resultaat=1]

Nothing is stored anywhere else: no session, no cookie, no database row.
Every malformed, hostile or outdated value raises :class:`InvalidState` with a Dutch message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from jv.guides.structure import GuideGraph, Option, Signal, Step

STEP_PARAM_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")
PATH_ITEM_RE = re.compile(r"^([a-z0-9][a-z0-9_-]{0,49})\.([1-9][0-9]{0,2})$")
SIGNAL_RE = re.compile(r"^([a-z0-9][a-z0-9_-]{0,49})\.([1-9][0-9]{0,3})$")
MAX_PARAM_LENGTH = 4000
MAX_SIGNALS = 500


class InvalidState(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Answer:
    step: Step
    option: Option
    number: int  # 1-based

    @property
    def token(self) -> str:
        return f"{self.step.id}.{self.number}"


@dataclass
class Walk:
    """Where the visitor is: the current step and the answers that led there."""

    graph: GuideGraph
    current: Step
    answers: list[Answer] = field(default_factory=list)
    direct: bool = False  # opened without a path (shared link to one step)

    def query(self) -> str:
        return query_for(self.current.id, [a.token for a in self.answers])

    def next_query(self, number: int) -> str:
        option = self.current.options[number - 1]
        return query_for(option.next, [a.token for a in self.answers] + [f"{self.current.id}.{number}"])

    def back_query(self) -> str | None:
        if not self.answers:
            return None
        previous = self.answers[-1]
        return query_for(previous.step.id, [a.token for a in self.answers[:-1]])

    def change_query(self, index: int) -> str:
        """Go back to the step of answer ``index`` to answer it again."""
        answer = self.answers[index]
        return query_for(answer.step.id, [a.token for a in self.answers[:index]])

    @property
    def position(self) -> int:
        return len(self.answers) + 1

    def visited_steps(self) -> list[Step]:
        return [a.step for a in self.answers] + [self.current]

    def collected_actions(self):
        """Actions of every visited step, in order, without repeats; acute ones first."""
        seen = set()
        actions = []
        for step in self.visited_steps():
            for action in step.actions:
                if action not in seen:
                    seen.add(action)
                    actions.append(action)
        from jv.guides.blocks import Urgency

        return sorted(actions, key=lambda a: Urgency.ORDER.get(a.urgency, 9))

    def collected_partners(self):
        seen = set()
        partners = []
        for step in self.visited_steps():
            for partner in step.partners:
                if partner not in seen:
                    seen.add(partner)
                    partners.append(partner)
        return partners


def query_for(step_id: str, tokens: list[str]) -> str:
    params = {"stap": step_id}
    if tokens:
        params["pad"] = ",".join(tokens)
    return "?" + urlencode(params, safe=",")


def _single(querydict, name: str) -> str | None:
    values = querydict.getlist(name)
    if not values:
        return None
    if len(values) > 1 and len(set(values)) > 1:
        raise InvalidState(_("The link contains more than one value for '%(name)s'.") % {"name": name})
    value = values[0]
    if len(value) > MAX_PARAM_LENGTH or "\x00" in value:
        raise InvalidState(_("The link contains an invalid value."))
    return value


def parse_walk(graph: GuideGraph, querydict) -> Walk | None:
    """The walk described by the query string, or None when no step is asked for."""
    step_id = _single(querydict, "stap")
    raw_paths = querydict.getlist("pad")
    if any(len(p) > MAX_PARAM_LENGTH or "\x00" in p for p in raw_paths):
        raise InvalidState(_("The link contains an invalid value."))
    tokens = [t.strip() for p in raw_paths for t in p.split(",") if t.strip()]
    if step_id is None:
        if tokens:
            raise InvalidState(_("The link gives the answers, but not the step they lead to."))
        return None
    step_id = step_id.strip()
    if not STEP_PARAM_RE.match(step_id):
        raise InvalidState(_("This step does not exist in this guide."))
    current = graph.get(step_id)
    if current is None:
        raise InvalidState(_("This step does not exist (any more) in this guide."))
    if not tokens:
        return Walk(graph=graph, current=current, direct=current is not graph.start)
    if len(tokens) > len(graph.steps):
        raise InvalidState(_("The link contains more answers than this guide has steps."))
    answers = []
    expected = graph.start
    for token in tokens:
        match = PATH_ITEM_RE.match(token)
        if not match:
            raise InvalidState(_("The answers in the link cannot be read."))
        answered_id, number = match.group(1), int(match.group(2))
        if expected is None or answered_id != expected.id:
            raise InvalidState(_("The answers in the link do not follow the route of this guide."))
        if number > len(expected.options):
            raise InvalidState(_("The link contains an answer that this step does not have (any more)."))
        option = expected.options[number - 1]
        answers.append(Answer(step=expected, option=option, number=number))
        expected = graph.get(option.next)
        if expected is None:
            raise InvalidState(_("An answer in the link leads to a step that does not exist (any more)."))
        if any(a.step is expected for a in answers):
            raise InvalidState(_("The answers in the link go round in a circle."))
    if expected is not current:
        raise InvalidState(_("The answers in the link lead to a different step."))
    return Walk(graph=graph, current=current, answers=answers)


@dataclass
class Checklist:
    """Ticked signals of a checklist guide, and an optional phase/domain being viewed."""

    graph: GuideGraph
    ticked: list[tuple[Step, Signal]]
    step: Step | None = None
    show_result: bool = False

    @property
    def keys(self) -> set[str]:
        return {signal.key for _, signal in self.ticked}

    def groups(self) -> list[tuple[Step, list[Signal]]]:
        """Steps with ticked signals, in the guide's order."""
        result = []
        keys = self.keys
        for step in self.graph.steps:
            signals = [s for s in step.signals if s.key in keys]
            if signals:
                result.append((step, signals))
        return result

    def query(self, **extra) -> str:
        params = [("signaal", key) for key in sorted(self.keys, key=_signal_sort_key)]
        params += [(k, v) for k, v in extra.items() if v is not None]
        return "?" + urlencode(params) if params else "?"

    def hidden_keys_except(self, step: Step) -> list[str]:
        own = {s.key for s in step.signals}
        return sorted((k for k in self.keys if k not in own), key=_signal_sort_key)


def _signal_sort_key(key: str):
    step_id, _, number = key.rpartition(".")
    return (step_id, int(number) if number.isdigit() else 0)


def parse_checklist(graph: GuideGraph, querydict) -> Checklist:
    values = querydict.getlist("signaal")
    if len(values) > MAX_SIGNALS:
        raise InvalidState(_("The link contains too many signals."))
    known = graph.signals()
    ticked = []
    seen = set()
    for value in values:
        value = value.strip()
        if len(value) > 100 or "\x00" in value or not SIGNAL_RE.match(value):
            raise InvalidState(_("The ticked signals in the link cannot be read."))
        if value not in known:
            raise InvalidState(_("The link contains a signal that is not (or no longer) in this checklist."))
        if value not in seen:
            seen.add(value)
            ticked.append(known[value])
    step = None
    step_id = _single(querydict, "stap")
    if step_id is not None:
        step_id = step_id.strip()
        if not STEP_PARAM_RE.match(step_id) or graph.get(step_id) is None:
            raise InvalidState(_("This part does not exist (any more) in this checklist."))
        step = graph.get(step_id)
    result = _single(querydict, "resultaat")
    if result not in (None, "1"):
        raise InvalidState(_("The link contains an invalid value."))
    return Checklist(graph=graph, ticked=ticked, step=step, show_result=result == "1")
