"""Forms: the admin form that validates a guide, and the visitors' filter form."""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from jv.core.forms import FilterForm
from jv.guides.structure import steps_from_stream
from jv.guides.validation import Problem, validate_guide


class _StepsError(StreamBlockValidationError):
    """Per-step errors for the StreamField, with a readable summary instead of a generic text."""

    def __init__(self, summary: str, **kwargs):
        super().__init__(**kwargs)
        self.message = summary
        self.params = None


def stream_error(problems: list[Problem]) -> StreamBlockValidationError:
    """Turn validator problems into an error the StreamField shows at the right step and field."""
    by_step: dict[int, list[Problem]] = defaultdict(list)
    guide_level = []
    for problem in problems:
        (by_step[problem.step] if problem.step is not None else guide_level).append(problem)
    block_errors = {}
    for index, step_problems in by_step.items():
        fields: dict[str, list[Problem]] = defaultdict(list)
        step_level = []
        for problem in step_problems:
            (fields[problem.field] if problem.field else step_level).append(problem)
        child_errors = {}
        for field, field_problems in fields.items():
            items = defaultdict(list)
            plain = []
            for problem in field_problems:
                (items[problem.item] if problem.item is not None else plain).append(problem)
            if items:
                list_errors = {}
                for item, item_problems in items.items():
                    sub = defaultdict(list)
                    for problem in item_problems:
                        sub[problem.subfield or "text"].append(ValidationError(problem.message))
                    list_errors[item] = StructBlockValidationError(
                        block_errors={name: ValidationError(errors) for name, errors in sub.items()}
                    )
                child_errors[field] = ListBlockValidationError(
                    block_errors=list_errors, non_block_errors=ErrorList([ValidationError(p.message) for p in plain])
                )
            else:
                child_errors[field] = ValidationError([p.message for p in plain])
        block_errors[index] = StructBlockValidationError(
            block_errors=child_errors, non_block_errors=ErrorList([ValidationError(p.message) for p in step_level])
        )
    count = len(problems)
    summary = _("%(count)s problem(s) in the steps; see the messages at the steps below.") % {"count": count}
    return _StepsError(
        summary,
        block_errors=block_errors,
        non_block_errors=ErrorList([ValidationError(p.message) for p in guide_level]),
    )


class GuideAdminForm(WagtailAdminModelForm):
    """Runs the guide validator on publish (drafts may be incomplete; the preview shows the checks)."""

    def clean(self):
        cleaned = super().clean()
        if self.is_deferred_validation:
            return cleaned
        if self.errors.get("steps") or self.errors.get("kind"):
            return cleaned  # the field errors come first
        kind = cleaned.get("kind")
        steps = steps_from_stream(cleaned.get("steps"))
        sources = list(cleaned.get("sources") or [])
        problems = validate_guide(kind, steps, sources)
        if not problems:
            return cleaned
        for problem in problems:
            self.add_error(None, ValidationError(problem.message))
        step_problems = [p for p in problems if p.field != "sources"]
        if step_problems:
            self.add_error("steps", stream_error(step_problems))
        if any(p.field == "sources" for p in problems):
            self.add_error("sources", ValidationError(_("Add at least one source.")))
        return cleaned


class GuideFilterForm(FilterForm):
    """Filters for the guide overview; a plain GET form, state in the URL."""

    invalid = {"invalid_choice": gettext_lazy("Choose one of the options in the list.")}
    thema = forms.ChoiceField(label=gettext_lazy("Theme"), required=False, error_messages=invalid)
    soort = forms.ChoiceField(label=gettext_lazy("Kind"), required=False, error_messages=invalid)
    lookups = {"thema": "themes__slug", "soort": "kind"}

    def __init__(self, *args, user=None, **kwargs):
        from jv.dossier.forms import theme_choices
        from jv.guides.models import Guide

        super().__init__(*args, **kwargs)
        self.fields["thema"].choices = theme_choices(user, _("All themes"))
        self.fields["soort"].choices = [("", _("All kinds"))] + list(Guide.Kind.choices)
