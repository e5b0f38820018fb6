"""The one validator for guides: used by the admin form, the starter-data loader and the tests.

Rules for every guide:
- at least one step; every step has an id (unique, a slug) and a title;
- the blocks match the kind (a decision guide only has decision steps, ...);
- at least one source.

Decision guides and step models (graphs; the first step is the start):
- every answer option has a label and leads to an existing step, never to its own step;
- no loops; every step can be reached from the start;
- a step with two or more options asks a question; a step with a question has two or more options
  (a step model may have one option without question: "to the next step");
- every end step (no options) has at least one action;
- step models: every step states its aim and result, who does what, and privacy and data sharing.

Checklists (barrier model, signaalwijzer):
- every phase/domain has at least one signal, without duplicates;
- a signaalwijzer domain says what to do next (at least one action);
- a barrier-model phase has at least one barrier and one party that can intervene.

Actions need a text and a known urgency; partners need a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jv.guides.blocks import STEP_ID_REGEX, ActionKind, Urgency
from jv.guides.structure import BLOCK_FOR_KIND, CHECKLIST_KINDS, GRAPH_KINDS, Step

STEP_ID_RE = re.compile(STEP_ID_REGEX)
MAX_STEPS = 200


@dataclass(frozen=True)
class Problem:
    message: str
    step: int | None = None  # index of the step in the list (0-based), None for the guide
    field: str | None = None  # block field, e.g. "options"
    item: int | None = None  # index within a list field
    subfield: str | None = None  # field within that item, e.g. "next"

    def __str__(self):
        return self.message


def _step_name(index: int, step: Step) -> str:
    if step.id:
        return _("Step %(number)s ('%(id)s')") % {"number": index + 1, "id": step.id}
    return _("Step %(number)s") % {"number": index + 1}


def validate_guide(kind: str, steps: list[Step], sources: list | None = None) -> list[Problem]:
    """All problems of a guide, in reading order. An empty list means the guide is valid."""
    problems: list[Problem] = []
    if kind not in BLOCK_FOR_KIND:
        return [Problem(_("Unknown kind of guide: '%(kind)s'.") % {"kind": kind})]
    if sources is not None and not sources:
        problems.append(
            Problem(_("Add at least one source, so readers can check where the content comes from."), field="sources")
        )
    if not steps:
        problems.append(Problem(_("The guide has no steps yet. Add at least one step.")))
        return problems
    if len(steps) > MAX_STEPS:
        problems.append(Problem(_("A guide can have at most %(max)s steps.") % {"max": MAX_STEPS}))
        return problems

    expected = BLOCK_FOR_KIND[kind]
    seen: dict[str, int] = {}
    for i, step in enumerate(steps):
        name = _step_name(i, step)
        if step.type != expected:
            problems.append(
                Problem(
                    _(
                        "%(step)s is not the right kind of block for this guide; use only blocks of the type that "
                        "matches the guide's kind."
                    )
                    % {"step": name},
                    step=i,
                )
            )
        if not step.id:
            problems.append(Problem(_("%(step)s has no id.") % {"step": name}, step=i, field="id"))
        elif not STEP_ID_RE.match(step.id):
            problems.append(
                Problem(
                    _("%(step)s: the id may only contain lowercase letters, digits and hyphens (at most 50).")
                    % {"step": name},
                    step=i,
                    field="id",
                )
            )
        elif step.id in seen:
            problems.append(
                Problem(
                    _("%(step)s has the same id as step %(other)s. Every step needs its own id.")
                    % {"step": name, "other": seen[step.id] + 1},
                    step=i,
                    field="id",
                )
            )
        else:
            seen[step.id] = i
        if not step.title:
            problems.append(Problem(_("%(step)s has no title.") % {"step": name}, step=i, field="title"))
        problems.extend(_check_actions(i, step))
        problems.extend(_check_partners(i, step))

    if kind in GRAPH_KINDS:
        problems.extend(_check_graph(kind, steps, seen))
    elif kind in CHECKLIST_KINDS:
        problems.extend(_check_checklist(kind, steps))
    return problems


def _check_actions(i: int, step: Step) -> list[Problem]:
    problems = []
    field = "barriers" if step.type == "phase" else "actions"
    for j, action in enumerate(step.actions if step.type != "phase" else [a for a in step.actions if a.is_barrier]):
        if not action.text:
            problems.append(
                Problem(
                    _("%(step)s: action %(n)s says nothing to do.") % {"step": _step_name(i, step), "n": j + 1},
                    step=i,
                    field=field,
                    item=j,
                    subfield="text",
                )
            )
        if step.type == "phase":
            if action.kind not in (ActionKind.LEGAL, ActionKind.NON_LEGAL):
                problems.append(
                    Problem(
                        _("%(step)s: barrier %(n)s must be legal or non-legal.")
                        % {"step": _step_name(i, step), "n": j + 1},
                        step=i,
                        field=field,
                        item=j,
                        subfield="kind",
                    )
                )
        elif action.urgency not in Urgency.ORDER:
            problems.append(
                Problem(
                    _("%(step)s: action %(n)s has an unknown urgency '%(urgency)s'.")
                    % {"step": _step_name(i, step), "n": j + 1, "urgency": action.urgency},
                    step=i,
                    field=field,
                    item=j,
                    subfield="urgency",
                )
            )
    return problems


def _check_partners(i: int, step: Step) -> list[Problem]:
    return [
        Problem(
            _("%(step)s: partner %(n)s has no name.") % {"step": _step_name(i, step), "n": j + 1},
            step=i,
            field="partners",
            item=j,
            subfield="name",
        )
        for j, partner in enumerate(step.partners)
        if not partner.name
    ]


def _check_graph(kind: str, steps: list[Step], index_of: dict[str, int]) -> list[Problem]:
    problems = []
    for i, step in enumerate(steps):
        name = _step_name(i, step)
        labels = set()
        for j, option in enumerate(step.options):
            where = {"step": name, "label": option.label or str(j + 1)}
            if not option.label:
                problems.append(
                    Problem(
                        _("%(step)s: answer option %(n)s has no text.") % {"step": name, "n": j + 1},
                        step=i,
                        field="options",
                        item=j,
                        subfield="label",
                    )
                )
            elif option.label.casefold() in labels:
                problems.append(
                    Problem(
                        _("%(step)s: the answer '%(label)s' appears twice.") % where,
                        step=i,
                        field="options",
                        item=j,
                        subfield="label",
                    )
                )
            labels.add(option.label.casefold())
            if not option.next:
                problems.append(
                    Problem(
                        _("%(step)s: the answer '%(label)s' does not say which step comes next.") % where,
                        step=i,
                        field="options",
                        item=j,
                        subfield="next",
                    )
                )
            elif option.next == step.id:
                problems.append(
                    Problem(
                        _("%(step)s: the answer '%(label)s' leads back to the same step.") % where,
                        step=i,
                        field="options",
                        item=j,
                        subfield="next",
                    )
                )
            elif option.next not in index_of:
                problems.append(
                    Problem(
                        _("%(step)s: the answer '%(label)s' leads to step '%(next)s', which does not exist.")
                        % {**where, "next": option.next},
                        step=i,
                        field="options",
                        item=j,
                        subfield="next",
                    )
                )
        if len(step.options) >= 2 and not step.question:
            problems.append(
                Problem(
                    _("%(step)s has several answer options but no question.") % {"step": name},
                    step=i,
                    field="question",
                )
            )
        if step.question and len(step.options) < 2 and not (kind == "stappenmodel" and step.options):
            problems.append(
                Problem(
                    _("%(step)s asks a question but has fewer than two answer options.") % {"step": name},
                    step=i,
                    field="options",
                )
            )
        if step.is_end and not step.actions:
            problems.append(
                Problem(
                    _("%(step)s is an end step (no answer options) and needs at least one action.") % {"step": name},
                    step=i,
                    field="actions",
                )
            )
        if kind == "stappenmodel":
            for field, label in (
                ("aim", _("aim and result")),
                ("roles", _("who does what")),
                ("privacy", _("privacy and data sharing")),
            ):
                if not getattr(step, field):
                    problems.append(
                        Problem(
                            _("%(step)s: describe the %(part)s.") % {"step": name, "part": label},
                            step=i,
                            field=field,
                        )
                    )

    # Loops: depth-first search over the edges that exist (first step with an id wins).
    edges = {
        step.id: [o.next for o in step.options if o.next in index_of and o.next != step.id]
        for i, step in enumerate(steps)
        if step.id in index_of and index_of[step.id] == i
    }
    for cycle in _find_cycles([steps[0].id, *edges], edges):
        first = cycle[0]
        problems.append(
            Problem(
                _("The route contains a loop: %(cycle)s. A guide must always move forward.")
                % {"cycle": " → ".join([*cycle, first])},
                step=index_of[first],
                field="options",
            )
        )

    # Reachability from the start (the first step).
    reachable = set()
    if steps[0].id in edges:
        stack = [steps[0].id]
        while stack:
            current = stack.pop()
            if current in reachable:
                continue
            reachable.add(current)
            stack.extend(edges.get(current, []))
    for i, step in enumerate(steps):
        if step.id and step.id in edges and step.id not in reachable:
            problems.append(
                Problem(
                    _("%(step)s cannot be reached from the first step: no answer leads to it.")
                    % {"step": _step_name(i, step)},
                    step=i,
                )
            )
    return problems


def _find_cycles(roots: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(edges, WHITE)
    cycles = []
    for root in roots:
        if root not in edges or colour[root] != WHITE:
            continue
        path = [root]
        iterators = [iter(edges[root])]
        colour[root] = GREY
        while iterators:
            try:
                nxt = next(iterators[-1])
            except StopIteration:
                colour[path.pop()] = BLACK
                iterators.pop()
                continue
            state = colour.get(nxt, BLACK)
            if state == GREY:
                cycles.append(path[path.index(nxt) :])
            elif state == WHITE:
                colour[nxt] = GREY
                path.append(nxt)
                iterators.append(iter(edges[nxt]))
    return cycles


def _check_checklist(kind: str, steps: list[Step]) -> list[Problem]:
    problems = []
    for i, step in enumerate(steps):
        name = _step_name(i, step)
        if not step.signals:
            problems.append(Problem(_("%(step)s has no signals to tick.") % {"step": name}, step=i, field="signals"))
        labels = set()
        for j, signal in enumerate(step.signals):
            if not signal.label:
                problems.append(
                    Problem(
                        _("%(step)s: signal %(n)s has no text.") % {"step": name, "n": j + 1},
                        step=i,
                        field="signals",
                        item=j,
                        subfield="label",
                    )
                )
            elif signal.label.casefold() in labels:
                problems.append(
                    Problem(
                        _("%(step)s: the signal '%(label)s' appears twice.") % {"step": name, "label": signal.label},
                        step=i,
                        field="signals",
                        item=j,
                        subfield="label",
                    )
                )
            labels.add(signal.label.casefold())
        if kind == "signaalwijzer" and not step.actions:
            problems.append(
                Problem(
                    _("%(step)s does not say what to do next: add at least one action.") % {"step": name},
                    step=i,
                    field="actions",
                )
            )
        if kind == "barrieremodel":
            if not any(a.is_barrier for a in step.actions):
                problems.append(
                    Problem(
                        _("%(step)s has no barriers: add at least one legal or non-legal barrier.") % {"step": name},
                        step=i,
                        field="barriers",
                    )
                )
            if not step.partners:
                problems.append(
                    Problem(
                        _("%(step)s does not name a party that can intervene.") % {"step": name},
                        step=i,
                        field="partners",
                    )
                )
    return problems
