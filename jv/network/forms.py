"""GET filter forms (state in the URL) and the member's feed-key form."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jv.core.forms import FilterForm
from jv.core.visibility import visible
from jv.dossier.forms import theme_choices
from jv.network.models import Event, Organisation


class CleanTextMixin:
    def clean_q(self):
        value = self.cleaned_data.get("q", "")
        if "\x00" in value:
            raise forms.ValidationError(_("The search text contains an invalid character."))
        return value.strip()


class OrganisationFilterForm(CleanTextMixin, FilterForm):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False)
    lookups = {"q": "name__icontains", "theme": "themes__slug", "kind": "kind"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices(user)
        self.fields["kind"].choices = [("", _("All kinds"))] + list(Organisation.Kind.choices)


class ContactFilterForm(CleanTextMixin, FilterForm):
    q = forms.CharField(label=_("Name or function contains"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    lookups = {"theme": "themes__slug", "organisation": "organisation__slug"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices(user)
        organisations = visible(Organisation.objects.all(), user).order_by("name")
        self.fields["organisation"].choices = [("", _("All organisations"))] + [(o.slug, o.name) for o in organisations]

    def filter(self, queryset):
        text = self.cleaned_data.get("q")
        if text:
            queryset = queryset.filter(Q(name__icontains=text) | Q(function__icontains=text))
        return super().filter(queryset)


class EventFilterForm(FilterForm):
    UPCOMING = "komend"
    PAST = "geweest"

    when = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[(UPCOMING, _("Upcoming")), (PAST, _("Past"))],
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    kind = forms.ChoiceField(label=_("Kind of event"), required=False)
    lookups = {"theme": "themes__slug", "kind": "kind"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices(user)
        self.fields["kind"].choices = [("", _("All kinds"))] + list(Event.Kind.choices)

    @property
    def period(self) -> str:
        if self.is_bound:
            self.is_valid()  # a valid period counts even when another filter is not valid
            return self.cleaned_data.get("when") or self.UPCOMING
        return self.UPCOMING
