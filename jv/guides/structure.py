"""The guide engine's plain data: steps, options, actions and partners.

Both the admin (a StreamField value) and the starter data (YAML) are turned into these
objects, so one validator, one walker and one serializer serve every channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jv.guides.blocks import ActionKind, Urgency

# Which block type a kind of guide is made of.
BLOCK_FOR_KIND = {
    "routekaart": "decision_step",
    "stappenmodel": "model_step",
    "barrieremodel": "phase",
    "signaalwijzer": "domain",
}
GRAPH_KINDS = {"routekaart", "stappenmodel"}
CHECKLIST_KINDS = {"barrieremodel", "signaalwijzer"}


@dataclass(frozen=True)
class Option:
    label: str
    next: str


@dataclass(frozen=True)
class Action:
    text: str
    who: str = ""
    urgency: str = Urgency.NORMAL
    phone: str = ""
    kind: str = ActionKind.ACTION

    @property
    def is_acute(self) -> bool:
        return self.urgency == Urgency.ACUTE

    @property
    def is_barrier(self) -> bool:
        return self.kind != ActionKind.ACTION


@dataclass(frozen=True)
class Partner:
    name: str
    role: str = ""
    phone: str = ""
    url: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class Signal:
    key: str  # "<step id>.<n>", n counted from 1: the value of the checkbox
    label: str
    to_check: bool = False


@dataclass
class Step:
    type: str
    id: str
    title: str
    text: str = ""
    question: str = ""
    options: list[Option] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    aim: str = ""
    roles: str = ""
    privacy: str = ""
    opportunities: list[str] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    facilitators: list[str] = field(default_factory=list)
    to_check: bool = False
    note: str = ""

    @property
    def is_end(self) -> bool:
        return not self.options

    @property
    def sorted_actions(self) -> list[Action]:
        """Acute actions first; otherwise the editor's order."""
        return sorted(self.actions, key=lambda a: Urgency.ORDER.get(a.urgency, 9))

    @property
    def legal_barriers(self) -> list[Action]:
        return [a for a in self.actions if a.kind == ActionKind.LEGAL]

    @property
    def non_legal_barriers(self) -> list[Action]:
        return [a for a in self.actions if a.kind == ActionKind.NON_LEGAL]

    @property
    def plain_actions(self) -> list[Action]:
        return [a for a in self.sorted_actions if a.kind == ActionKind.ACTION]


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    # Wagtail ListValue and similar sequences
    try:
        return list(value)
    except TypeError:
        return []


def step_from_mapping(block_type: str, value) -> Step:
    """Build a :class:`Step` from a block value (StructValue) or a YAML mapping.

    Lenient on purpose: missing or malformed parts become empty values, so that the validator
    can report them instead of this function failing.
    """
    get = value.get if hasattr(value, "get") else (lambda key, default=None: default)
    step_id = _text(get("id"))
    options = []
    for item in _list(get("options")):
        if hasattr(item, "get"):
            options.append(Option(label=_text(item.get("label")), next=_text(item.get("next"))))
    actions = []
    for item in _list(get("actions")):
        if hasattr(item, "get"):
            actions.append(
                Action(
                    text=_text(item.get("text")),
                    who=_text(item.get("who")),
                    urgency=_text(item.get("urgency")) or Urgency.NORMAL,
                    phone=_text(item.get("phone")),
                )
            )
    for item in _list(get("barriers")):
        if hasattr(item, "get"):
            actions.append(
                Action(
                    text=_text(item.get("text")),
                    who=_text(item.get("who")),
                    kind=_text(item.get("kind")) or ActionKind.NON_LEGAL,
                )
            )
    partners = []
    for item in _list(get("partners")):
        if hasattr(item, "get"):
            partners.append(
                Partner(
                    name=_text(item.get("name")),
                    role=_text(item.get("role")),
                    phone=_text(item.get("phone")),
                    url=_text(item.get("url")),
                    organisation=_text(item.get("organisation")),
                )
            )
    signals = []
    for n, item in enumerate(_list(get("signals")), start=1):
        if hasattr(item, "get"):
            signals.append(
                Signal(key=f"{step_id}.{n}", label=_text(item.get("label")), to_check=bool(item.get("to_check")))
            )
        elif isinstance(item, str):
            signals.append(Signal(key=f"{step_id}.{n}", label=item.strip()))
    return Step(
        type=block_type,
        id=step_id,
        title=_text(get("title")),
        text=_text(get("text")),
        question=_text(get("question")),
        options=options,
        actions=actions,
        partners=partners,
        aim=_text(get("aim")),
        roles=_text(get("roles")),
        privacy=_text(get("privacy")),
        opportunities=[_text(x) for x in _list(get("opportunities")) if _text(x)],
        signals=signals,
        facilitators=[_text(x) for x in _list(get("facilitators")) if _text(x)],
        to_check=bool(get("to_check")),
        note=_text(get("note")),
    )


def steps_from_stream(stream_value) -> list[Step]:
    """Steps from a StreamField value (live or from a bound admin form)."""
    steps = []
    for child in stream_value or []:
        steps.append(step_from_mapping(child.block_type, child.value))
    return steps


def steps_from_raw(raw: list) -> list[Step]:
    """Steps from raw stream data: ``[{"type": ..., "value": {...}}, ...]`` (YAML, JSON)."""
    steps = []
    for item in raw or []:
        if hasattr(item, "get"):
            steps.append(step_from_mapping(_text(item.get("type")), item.get("value") or {}))
    return steps


class GuideGraph:
    """The steps of one guide, indexed by id, with the walk operations the views need."""

    def __init__(self, kind: str, steps: list[Step]):
        self.kind = kind
        self.steps = steps
        self.by_id: dict[str, Step] = {}
        for step in steps:
            self.by_id.setdefault(step.id, step)

    @property
    def start(self) -> Step | None:
        return self.steps[0] if self.steps else None

    @property
    def is_checklist(self) -> bool:
        return self.kind in CHECKLIST_KINDS

    def get(self, step_id: str) -> Step | None:
        return self.by_id.get(step_id)

    def position(self, step: Step) -> int:
        """1-based position of a step in the editor's order."""
        return self.steps.index(step) + 1

    def neighbours(self, step: Step) -> tuple[Step | None, Step | None]:
        """Previous and next step in the editor's order (for checklists: phases/domains)."""
        i = self.steps.index(step)
        return (self.steps[i - 1] if i > 0 else None, self.steps[i + 1] if i + 1 < len(self.steps) else None)

    def signals(self) -> dict[str, tuple[Step, Signal]]:
        return {signal.key: (step, signal) for step in self.steps for signal in step.signals}
