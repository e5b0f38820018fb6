from django import forms
from django.utils.translation import gettext_lazy as _

from jv.core.visibility import visible
from jv.dossier.models import Resource, ThemePage


class ResourceFilterForm(forms.Form):
    """Filters for the resource overview. Works as a plain GET form, state in the URL."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    scope = forms.ChoiceField(label=_("Offer"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        themes = visible(ThemePage.objects.all(), user).order_by("path")
        self.fields["theme"].choices = [("", _("All themes"))] + [(t.slug, t.title) for t in themes]
        self.fields["kind"].choices = [("", _("All kinds"))] + list(Resource.Kind.choices)
        self.fields["scope"].choices = [("", _("Regional and national"))] + list(Resource.Scope.choices)

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("theme"):
            queryset = queryset.filter(themes__slug=data["theme"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("scope"):
            queryset = queryset.filter(scope=data["scope"])
        return queryset.distinct()
