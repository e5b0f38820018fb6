"""The search form (GET): validates q, type, theme and page with Dutch messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jv.core import searchable
from jv.search.query import MAX_QUERY_LENGTH

MAX_PAGE = 1000


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    type = forms.ChoiceField(label=_("Type"), required=False)
    theme = forms.SlugField(label=_("Theme"), required=False, max_length=100)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, themes: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off", "spellcheck": "false"})
        self.fields["q"].error_messages["max_length"] = _(
            "The search text is too long: use at most %(limit_value)d characters."
        )
        self.fields["type"].choices = [("", _("All types"))] + [
            (name, registration.label) for name, registration in searchable.REGISTRY.items()
        ]
        self.fields["type"].error_messages["invalid_choice"] = _("Unknown type of result.")
        self.themes = themes or {}
        self.fields["page"].error_messages.update(
            {
                "invalid": _("The page number must be a whole number."),
                "min_value": _("The page number must be 1 or more."),
                "max_value": _("The page number is too large."),
            }
        )

    def clean_q(self):
        value = self.cleaned_data.get("q") or ""
        if "\x00" in value:
            raise forms.ValidationError(_("The search text contains an invalid character."))
        return value

    def clean_theme(self):
        value = self.cleaned_data.get("theme") or ""
        if value and value not in self.themes:
            raise forms.ValidationError(_("Unknown theme."))
        return value
