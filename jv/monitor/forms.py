from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from jv.monitor.models import Area
from jv.monitor.periods import Period

LEVEL_GROUPS = [
    (Area.Level.REGIO, _("Region")),
    (Area.Level.DISTRICT, _("Districts")),
    (Area.Level.GEMEENTE, _("Municipalities")),
]


class FastSelect(forms.Select):
    """A <select> rendered in Python: Django's per-option templates cost ~0.5 ms per option, and
    the area list holds every gemeente (hundreds at national scale)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs or {})
        selected = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v is not None}
        parts = [format_html('<select name="{}"{}>', name, flatatt(attrs))]

        def option(option_value, label):
            mark = " selected" if str(option_value) in selected else ""
            return format_html('<option value="{}"{}>{}</option>', option_value, mark_safe(mark), label)

        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                parts.append(format_html('<optgroup label="{}">', group_value))
                parts.extend(option(v, label) for v, label in group_label)
                parts.append("</optgroup>")
            else:
                parts.append(option(group_value, group_label))
        parts.append("</select>")
        return mark_safe("".join(str(p) for p in parts))


def area_choices(areas):
    groups = []
    for level, label in LEVEL_GROUPS:
        options = [(a.code, a.name) for a in areas if a.level == level]
        if options:
            groups.append((label, options))
    return groups


class PeriodField(forms.Field):
    default_error_messages = {"invalid": _("Use a half-year such as 2024-H1 or 2024-H2.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        value = str(value).strip()
        if len(value) > 10 or "\x00" in value:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return Period.parse(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class DashboardForm(forms.Form):
    """GET form: area and indicator live in the URL (?gebied=...&indicator=...)."""

    gebied = forms.ChoiceField(label=_("Area"), required=False, widget=FastSelect)
    indicator = forms.ChoiceField(label=_("Indicator"), required=False, widget=FastSelect)

    def __init__(self, *args, areas=(), indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebied"].choices = area_choices(areas)
        self.fields["indicator"].choices = [(i.code, i.name) for i in indicators]


class ExportForm(forms.Form):
    gebied = forms.ChoiceField(label=_("Area"), required=False)
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    van = PeriodField(label=_("From half-year"), required=False)
    tot = PeriodField(label=_("Up to and including half-year"), required=False)

    def __init__(self, *args, areas=(), indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebied"].choices = [("", _("All areas"))] + area_choices(areas)
        self.fields["indicator"].choices = [("", _("All indicators"))] + [(i.code, i.name) for i in indicators]

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            raise forms.ValidationError(_("The first half-year lies after the last one."))
        return data


class ReportForm(forms.Form):
    periode = PeriodField(label=_("Half-year"), required=False)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns gemeentecode, indicator, periode (YYYY-H1/YYYY-H2) and aantal. Nothing is saved before you confirm."
        ),
    )

    def clean_file(self):
        from jv.monitor.importing import MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Only CSV or XLSX files can be imported."))
        return upload
