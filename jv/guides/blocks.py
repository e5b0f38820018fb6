"""StreamField blocks that editors use to build guides in the Wagtail admin.

A guide is a list of blocks of one type, chosen by the guide's kind:

- ``decision_step``: a step of a decision guide (routekaart): question, answer options that lead
  to another step, and, on end steps, actions and partners;
- ``model_step``: a step of a step model (7-stappenmodel): the same, plus aim and result,
  who does what, and privacy and data sharing;
- ``phase``: a phase of a barrier model: opportunities, signals, facilitators, barriers (legal and
  non-legal) and the parties that can intervene;
- ``domain``: a domain of a signal checklist (signaalwijzer): signals and what to do next.

The structural rules (options lead to existing steps, no loops, ...) live in
:mod:`jv.guides.validation` and run when a guide is published.
"""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import BlockGroup

STEP_ID_REGEX = r"^[a-z0-9][a-z0-9_-]{0,49}$"
PHONE_REGEX = r"^\+?[0-9][0-9 -]{1,19}$"
ORGANISATION_REGEX = r"^[-a-z0-9_]{1,100}$"


class Urgency:
    ACUTE = "acute"
    SOON = "soon"
    NORMAL = "normal"
    CHOICES = [
        (ACUTE, _("Acute: act now")),
        (SOON, _("Today")),
        (NORMAL, _("When possible")),
    ]
    ORDER = {ACUTE: 0, SOON: 1, NORMAL: 2}


class ActionKind:
    ACTION = "action"
    LEGAL = "barrier_legal"
    NON_LEGAL = "barrier_non_legal"
    CHOICES = [
        (ACTION, _("Action")),
        (LEGAL, _("Legal barrier")),
        (NON_LEGAL, _("Non-legal barrier")),
    ]


def step_id_block(help_text=None):
    return blocks.RegexBlock(
        STEP_ID_REGEX,
        label=_("Step id"),
        max_length=50,
        help_text=help_text
        or _(
            "Short code used in the web address and by answer options, e.g. 'acuut-gevaar'. "
            "Lowercase letters, digits and hyphens."
        ),
        error_messages={"invalid": _("Use lowercase letters, digits and hyphens only (at most 50).")},
    )


def phone_block():
    return blocks.CharBlock(
        label=_("Phone number"),
        required=False,
        max_length=20,
        help_text=_("Shown as a tap-to-call link, e.g. 112 or 0900-8844."),
        validators=[RegexValidator(PHONE_REGEX, _("Use digits, spaces and hyphens only, e.g. 0900-8844."))],
    )


class OptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Answer"), max_length=120)
    next = blocks.RegexBlock(
        STEP_ID_REGEX,
        label=_("Next step"),
        max_length=50,
        help_text=_("The id of the step this answer leads to."),
        error_messages={"invalid": _("Enter the id of an existing step.")},
    )

    class Meta:
        icon = "arrow-right"
        label = _("Answer option")
        label_format = "{label} → {next}"


class ActionBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("What to do"), rows=2)
    who = blocks.CharBlock(label=_("Who does it"), required=False, max_length=200)
    urgency = blocks.ChoiceBlock(label=_("Urgency"), choices=Urgency.CHOICES, default=Urgency.NORMAL)
    phone = phone_block()

    class Meta:
        icon = "tick"
        label = _("Action")
        label_format = "{text}"


class BarrierBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Barrier"), rows=2)
    who = blocks.CharBlock(label=_("Who can raise it"), required=False, max_length=200)
    kind = blocks.ChoiceBlock(
        label=_("Kind of barrier"),
        choices=[c for c in ActionKind.CHOICES if c[0] != ActionKind.ACTION],
        default=ActionKind.NON_LEGAL,
    )

    class Meta:
        icon = "lock"
        label = _("Barrier")
        label_format = "{text}"


class PartnerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Partner"), max_length=200)
    role = blocks.TextBlock(label=_("What this partner does"), required=False, rows=2)
    phone = phone_block()
    url = blocks.URLBlock(label=_("Website"), required=False)
    organisation = blocks.RegexBlock(
        ORGANISATION_REGEX,
        label=_("Organisation (slug)"),
        required=False,
        max_length=100,
        help_text=_("Optional: the slug of the organisation in the network module, to link to it."),
        error_messages={"invalid": _("Use lowercase letters, digits and hyphens only.")},
    )

    class Meta:
        icon = "group"
        label = _("Partner")
        label_format = "{name}"


class SignalBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Signal"), max_length=300)
    to_check = blocks.BooleanBlock(label=_("To be checked (te controleren)"), required=False)

    class Meta:
        icon = "warning"
        label = _("Signal")
        label_format = "{label}"


def _title_block():
    return blocks.CharBlock(label=_("Title"), max_length=200)


def _explanation_block(rows=3):
    return blocks.TextBlock(label=_("Explanation"), required=False, rows=rows)


def _list_block(child, label, **kwargs):
    """An optional list of ``child`` blocks, empty by default."""
    return blocks.ListBlock(child, label=label, default=[], min_num=0, **kwargs)


def _to_check_block():
    return blocks.BooleanBlock(
        label=_("To be checked (te controleren)"),
        required=False,
        help_text=_("Tick when the content of this step has not been verified against a source yet."),
    )


def _note_block():
    return blocks.TextBlock(
        label=_("Editor note"),
        required=False,
        rows=2,
        help_text=_("Internal note for editors; not shown to visitors."),
    )


def _step_layout(*groups):
    """The editor form of every step: id, title and explanation, then the step's own fields and
    groups; the editors' check box and note under the block's settings."""
    return BlockGroup(children=["id", "title", "text", *groups], settings=["to_check", "note"])


class DecisionStepBlock(blocks.StructBlock):
    id = step_id_block()
    title = _title_block()
    text = _explanation_block(rows=4)
    question = blocks.CharBlock(label=_("Question"), required=False, max_length=300)
    options = _list_block(OptionBlock(), _("Answer options"))
    actions = _list_block(ActionBlock(), _("Actions"))
    partners = _list_block(PartnerBlock(), _("Partners"))
    to_check = _to_check_block()
    note = _note_block()

    class Meta:
        icon = "help"
        label = _("Decision step (routekaart)")
        group = _("Decision guide and step model")
        label_format = "{id}: {title}"
        form_layout = _step_layout(
            BlockGroup(["question", "options"], heading=_("Question and answers")),
            BlockGroup(["actions", "partners"], heading=_("What to do and who helps")),
        )


class ModelStepBlock(blocks.StructBlock):
    id = step_id_block()
    title = _title_block()
    text = _explanation_block()
    aim = blocks.TextBlock(label=_("Aim and result"), required=False, rows=3)
    roles = blocks.TextBlock(label=_("Who does what"), required=False, rows=3)
    privacy = blocks.TextBlock(label=_("Privacy and data sharing"), required=False, rows=3)
    question = blocks.CharBlock(label=_("Question"), required=False, max_length=300)
    options = _list_block(
        OptionBlock(),
        _("Answer options"),
        help_text=_(
            "One option (e.g. 'Next step') for a straight sequence; two or more with a question where the route splits."
        ),
    )
    actions = _list_block(ActionBlock(), _("Actions"))
    partners = _list_block(PartnerBlock(), _("Partners"))
    to_check = _to_check_block()
    note = _note_block()

    class Meta:
        icon = "list-ol"
        label = _("Step (step model)")
        group = _("Decision guide and step model")
        label_format = "{id}: {title}"
        form_layout = _step_layout(
            BlockGroup(["aim", "roles", "privacy"], heading=_("Aim, roles and privacy")),
            BlockGroup(["question", "options"], heading=_("To the next step")),
            BlockGroup(["actions", "partners"], heading=_("What to do and who helps")),
        )


def _text_list(label, help_text=""):
    return _list_block(blocks.CharBlock(label=label, max_length=300), label, help_text=help_text)


class PhaseBlock(blocks.StructBlock):
    id = step_id_block()
    title = _title_block()
    text = _explanation_block()
    opportunities = _text_list(_("Opportunities"))
    signals = _list_block(SignalBlock(), _("Signals"))
    facilitators = _text_list(_("Facilitators"), _("Parties that (unknowingly) make this phase possible."))
    barriers = _list_block(BarrierBlock(), _("Barriers"))
    partners = _list_block(PartnerBlock(), _("Parties that can intervene"))
    to_check = _to_check_block()
    note = _note_block()

    class Meta:
        icon = "pick"
        label = _("Phase (barrier model)")
        group = _("Checklists")
        label_format = "{id}: {title}"
        form_layout = _step_layout(
            BlockGroup(["opportunities", "signals", "facilitators"], heading=_("What happens")),
            BlockGroup(["barriers", "partners"], heading=_("Barriers and parties")),
        )


class DomainBlock(blocks.StructBlock):
    id = step_id_block()
    title = _title_block()
    text = _explanation_block()
    signals = _list_block(SignalBlock(), _("Signals"))
    actions = _list_block(ActionBlock(), _("What to do next"))
    partners = _list_block(PartnerBlock(), _("Partners"))
    to_check = _to_check_block()
    note = _note_block()

    class Meta:
        icon = "list-ul"
        label = _("Domain (signaalwijzer)")
        group = _("Checklists")
        label_format = "{id}: {title}"
        form_layout = _step_layout(
            "signals",
            BlockGroup(["actions", "partners"], heading=_("What to do next")),
        )


STEP_BLOCKS = [
    ("decision_step", DecisionStepBlock()),
    ("model_step", ModelStepBlock()),
    ("phase", PhaseBlock()),
    ("domain", DomainBlock()),
]


class BackgroundBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("Term"), max_length=120)
    text = blocks.TextBlock(label=_("Explanation"), rows=3)
    to_check = blocks.BooleanBlock(label=_("To be checked (te controleren)"), required=False)

    class Meta:
        icon = "info-circle"
        label = _("Term")
        label_format = "{term}"


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=300)
    url = blocks.URLBlock(label=_("Link"))
    publisher = blocks.CharBlock(label=_("Publisher"), required=False, max_length=200)
    date = blocks.CharBlock(label=_("Date or year"), required=False, max_length=40)

    class Meta:
        icon = "link"
        label = _("Source")
        label_format = "{title}"
