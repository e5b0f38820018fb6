from django import forms
from django.utils.translation import gettext_lazy as _

from jv.core.forms import FilterForm
from jv.core.visibility import visible
from jv.dossier.models import Resource, ThemePage


def theme_choices(user, empty_label=_("All themes")):
    """The themes the user may see, in the order of the theme overview, as choices of a filter."""
    themes = visible(ThemePage.objects.all(), user).order_by("path")
    return [("", empty_label)] + [(t.slug, t.title) for t in themes]


class ResourceFilterForm(FilterForm):
    """Filters for the resource overview. Works as a plain GET form, state in the URL."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    scope = forms.ChoiceField(label=_("Offer"), required=False)
    lookups = {"theme": "themes__slug", "kind": "kind", "scope": "scope"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices(user)
        self.fields["kind"].choices = [("", _("All kinds"))] + list(Resource.Kind.choices)
        self.fields["scope"].choices = [("", _("Regional and national"))] + list(Resource.Scope.choices)
