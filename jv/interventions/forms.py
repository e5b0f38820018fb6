"""GET forms of the interventiewijzer. Their state lives in the URL only."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jv.interventions import catalogue
from jv.interventions.models import MAX_AGE, FactorKind, PreventionLevel, RecognitionLevel, Setting

MAX_TICKED = 100  # more ticked factors than the framework holds is hostile input


class AgeField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            min_value=0,
            max_value=MAX_AGE,
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": MAX_AGE}),
            error_messages={"invalid": _("Enter the age as a whole number of years.")},
            **kwargs,
        )


def _age_help_text():
    return gettext("In years, 0 to %(max)s.") % {"max": MAX_AGE}


def _age_help():
    # Translated when rendered, not when this module is imported.
    return lazy(_age_help_text, str)()


def level_choices(with_recognised=True):
    choices = [("", _("Any level"))]
    if with_recognised:
        choices.append((catalogue.RECOGNISED, _("Recognised (any level)")))
    return choices + list(RecognitionLevel.choices)


class InterventionFilterForm(forms.Form):
    """Filters of the catalogue; a plain GET form."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    age = AgeField(label=_("Age of the young person"), help_text=_age_help())
    prevention_level = forms.ChoiceField(label=_("Level of prevention"), required=False)
    setting = forms.ChoiceField(label=_("Setting"), required=False)
    level = forms.ChoiceField(label=_("Recognition"), required=False)
    factor = forms.ChoiceField(label=_("Factor"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("", _("Name")), ("niveau", _("Strength of the evidence"))],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes"))] + [(t.slug, t.title) for t in catalogue.themes(user)]
        self.fields["prevention_level"].choices = [("", _("All levels of prevention"))] + list(PreventionLevel.choices)
        self.fields["setting"].choices = [("", _("All settings"))] + list(Setting.choices)
        self.fields["level"].choices = level_choices()
        self.fields["factor"].choices = [
            ("", _("All factors")),
            (_("Risk factors"), catalogue.factor_kind_choices(user, FactorKind.RISK)),
            (_("Protective factors"), catalogue.factor_kind_choices(user, FactorKind.PROTECTIVE)),
        ]

    def filter(self, queryset):
        data = self.cleaned_data
        queryset = catalogue.apply_filters(
            queryset,
            theme=data.get("theme") or None,
            age=data.get("age"),
            prevention_level=data.get("prevention_level") or None,
            setting=data.get("setting") or None,
            level=data.get("level") or None,
            factor=data.get("factor") or None,
        )
        if data.get("sort") == "niveau":
            return catalogue.order_by_strength(queryset)
        return queryset.order_by("name")

    def active_filters(self):
        """(label, value label) pairs of the filters in use, for the result summary."""
        active = []
        if not self.is_bound or self.errors:
            return active
        for name in ("theme", "age", "prevention_level", "setting", "level", "factor"):
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = self.fields[name]
            if name == "age":
                active.append((field.label, _("%(age)s years") % {"age": value}))
                continue
            labels = {}
            for key, label in field.choices:
                if isinstance(label, (list, tuple)):
                    labels.update(dict(label))
                else:
                    labels[key] = label
            active.append((field.label, labels.get(value, value)))
        return active


class LimitedMultipleChoiceField(forms.MultipleChoiceField):
    def validate(self, value):
        if len(value) > MAX_TICKED:
            raise forms.ValidationError(_("Too many factors ticked."), code="too_many")
        super().validate(value)


class ConversationAidForm(forms.Form):
    """Gesprekshulp: tick risk and protective factors. Never stored, never logged."""

    risk = LimitedMultipleChoiceField(
        label=_("Risk factors"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("One of the risk factors in the web address does not exist (any more).")},
    )
    protective = LimitedMultipleChoiceField(
        label=_("Protective factors"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("One of the protective factors in the web address does not exist (any more).")
        },
    )
    age = AgeField(label=_("Age (optional)"), help_text=_("Only interventions for this age."))
    erkenning = forms.ChoiceField(
        label=_("Recognition"),
        required=False,
        choices=[("", _("All interventions")), (catalogue.RECOGNISED, _("Only recognised interventions"))],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk"].choices = catalogue.factor_kind_choices(user, FactorKind.RISK)
        self.fields["protective"].choices = catalogue.factor_kind_choices(user, FactorKind.PROTECTIVE)

    @property
    def has_selection(self) -> bool:
        return bool(
            self.is_bound and not self.errors and (self.cleaned_data["risk"] or self.cleaned_data["protective"])
        )


class StrategyTitleForm(forms.Form):
    titel = forms.CharField(
        label=_("Title of your strategy (optional)"),
        required=False,
        max_length=150,
        help_text=_("Shown above the exports. Only kept in the web address."),
    )
