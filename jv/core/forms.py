"""What the GET filter forms of the modules share."""

from django import forms


class FilterForm(forms.Form):
    """A GET filter form: its state lives in the URL.

    ``lookups`` maps a field to the queryset lookup it narrows by when it is filled in, e.g.
    ``{"theme": "themes__slug"}``. The result holds every object once (a lookup through a
    many-to-many relation would repeat it).
    """

    lookups: dict[str, str] = {}

    def filter(self, queryset):
        for name, lookup in self.lookups.items():
            value = self.cleaned_data.get(name)
            if value:
                queryset = queryset.filter(**{lookup: value})
        return queryset.distinct()
