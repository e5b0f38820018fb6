"""GET filter forms (state in the URL) and the member's feed-key form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jv.core.visibility import visible
from jv.dossier.models import ThemePage
from jv.network.models import Event, Organisation


class CleanTextMixin:
    def clean_q(self):
        value = self.cleaned_data.get("q", "")
        if "\x00" in value:
            raise forms.ValidationError(_("The search text contains an invalid character."))
        return value.strip()


def theme_choices(user, empty_label):
    themes = visible(ThemePage.objects.all(), user).order_by("path")
    return [("", empty_label)] + [(t.slug, t.title) for t in themes]


class OrganisationFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices(user, _("All themes"))
        self.fields["kind"].choices = [("", _("All kinds"))] + list(Organisation.Kind.choices)

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.filter(name__icontains=data["q"])
        if data.get("theme"):
            queryset = queryset.filter(themes__slug=data["theme"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        return queryset.distinct()


class ContactFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("Name or function contains"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices(user, _("All themes"))
        organisations = visible(Organisation.objects.all(), user).order_by("name")
        self.fields["organisation"].choices = [("", _("All organisations"))] + [(o.slug, o.name) for o in organisations]

    def filter(self, queryset):
        from django.db.models import Q

        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.filter(Q(name__icontains=data["q"]) | Q(function__icontains=data["q"]))
        if data.get("theme"):
            queryset = queryset.filter(themes__slug=data["theme"])
        if data.get("organisation"):
            queryset = queryset.filter(organisation__slug=data["organisation"])
        return queryset.distinct()


class EventFilterForm(forms.Form):
    UPCOMING = "komend"
    PAST = "geweest"

    when = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[(UPCOMING, _("Upcoming")), (PAST, _("Past"))],
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    kind = forms.ChoiceField(label=_("Kind of event"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices(user, _("All themes"))
        self.fields["kind"].choices = [("", _("All kinds"))] + list(Event.Kind.choices)

    @property
    def period(self) -> str:
        if self.is_bound:
            self.is_valid()  # a valid period counts even when another filter is not valid
            return self.cleaned_data.get("when") or self.UPCOMING
        return self.UPCOMING

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("theme"):
            queryset = queryset.filter(themes__slug=data["theme"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        return queryset.distinct()
