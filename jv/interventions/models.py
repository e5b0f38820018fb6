"""The interventiewijzer: risk and protective factors, quality warnings and interventions.

- ``Factor``: a risk or protective factor in one of five domains (individu, gezin, school,
  vrienden, buurt). Public framework data; never a score about a person.
- ``QualityWarning``: a caution from the Landelijk kwaliteitskader (e.g. group interventions that
  can backfire), attached by editors to the interventions it applies to.
- ``Intervention``: an editable Wagtail snippet with revisions and draft state, NJI-style fields,
  a recognition level with its date and source, and a "te controleren" flag for unverified facts.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from jv.core.visibility import VisibilityQuerySet
from jv.upkeep.models import EditableSnippet, VerifiableMixin
from jv.upkeep.panels import upkeep_panels

MAX_AGE = 30
# Paths under /interventies/ that are pages of their own, so no intervention may use them as slug.
RESERVED_SLUGS = frozenset({"factoren", "gesprekshulp", "vergelijk", "strategie"})


class Domain(models.TextChoices):
    INDIVIDUAL = "individu", _("Individual")
    FAMILY = "gezin", _("Family")
    SCHOOL = "school", _("School")
    PEERS = "vrienden", _("Friends and peers")
    NEIGHBOURHOOD = "buurt", _("Neighbourhood and living environment")


class FactorKind(models.TextChoices):
    RISK = "risk", _("Risk factor")
    PROTECTIVE = "protective", _("Protective factor")


class PreventionLevel(models.TextChoices):
    UNIVERSAL = "universeel", _("Universal")
    SELECTIVE = "selectief", _("Selective")
    INDICATED = "geindiceerd", _("Indicated")
    CURATIVE = "curatief", _("Curative / judicial")


class Setting(models.TextChoices):
    SCHOOL = "school", _("School")
    NEIGHBOURHOOD = "wijk", _("Neighbourhood")
    FAMILY = "gezin", _("Family")
    ONLINE = "online", _("Online")
    JUSTICE = "justitieel", _("Judicial framework")


class RecognitionLevel(models.TextChoices):
    """The levels of the NJI Databank Effectieve Jeugdinterventies, plus 'not recognised' and
    'not assessed'. The Dutch translations are the databank's own terms."""

    WELL_FOUNDED = "goed-onderbouwd", _("Well substantiated")
    FIRST_INDICATIONS = "effectief-eerste-aanwijzingen", _("Effective according to first indications")
    GOOD_INDICATIONS = "effectief-goede-aanwijzingen", _("Effective according to good indications")
    STRONG_INDICATIONS = "effectief-sterke-aanwijzingen", _("Effective according to strong indications")
    NOT_RECOGNISED = "niet-erkend", _("Not recognised")
    NOT_ASSESSED = "niet-beoordeeld", _("Not assessed")


# Strength of the evidence, used to break ties in the gesprekshulp and to sort: higher is stronger.
# 'Not assessed' ranks above 'not recognised': the first is unknown, the second was judged and refused.
LEVEL_STRENGTH = {
    RecognitionLevel.STRONG_INDICATIONS: 6,
    RecognitionLevel.GOOD_INDICATIONS: 5,
    RecognitionLevel.FIRST_INDICATIONS: 4,
    RecognitionLevel.WELL_FOUNDED: 3,
    RecognitionLevel.NOT_ASSESSED: 2,
    RecognitionLevel.NOT_RECOGNISED: 1,
}
RECOGNISED_LEVELS = (
    RecognitionLevel.WELL_FOUNDED,
    RecognitionLevel.FIRST_INDICATIONS,
    RecognitionLevel.GOOD_INDICATIONS,
    RecognitionLevel.STRONG_INDICATIONS,
)


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact date")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")


class RegionalAvailability(models.TextChoices):
    AVAILABLE = "beschikbaar", _("Available in the region")
    PARTLY = "deels", _("Available in some municipalities")
    NOT_AVAILABLE = "niet", _("Not offered in the region")
    UNKNOWN = "onbekend", _("Not known")


class Factor(VerifiableMixin, models.Model):
    """A risk or protective factor. Part of the public framework: always visible."""

    always_public = True  # jv.core.visibility: no visibility field, public by design

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=FactorKind.choices)
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    explanation = models.TextField(_("explanation"), help_text=_("Two or three sentences in our own words."))
    source = models.CharField(_("source"), max_length=255, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    # "te controleren": needs_verification / verification_note from VerifiableMixin (jv.upkeep).
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("domain")]),
        FieldPanel("explanation"),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("source_url")], heading=_("Source")),
        FieldPanel("sort_order"),
    ] + upkeep_panels(change_note=False, review=False)

    class Meta:
        verbose_name = _("factor")
        verbose_name_plural = _("factors")
        ordering = ["kind", "domain", "sort_order", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display().lower()})"

    @property
    def is_risk(self) -> bool:
        return self.kind == FactorKind.RISK

    @property
    def anchor(self) -> str:
        return f"factor-{self.slug}"

    def get_url(self) -> str:
        return f"{reverse('interventions:factors')}#{self.anchor}"

    get_absolute_url = get_url

    def clean(self):
        if self.needs_verification and not self.verification_note.strip():
            raise ValidationError({"verification_note": _("Say what must be verified.")})


class QualityWarning(models.Model):
    """A caution from the Landelijk kwaliteitskader, shown on every intervention it applies to."""

    always_public = True

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    explanation = models.TextField(_("explanation"), help_text=_("What the framework warns about, in our own words."))
    applies_when = models.TextField(
        _("applies when"), blank=True, help_text=_("Guidance for editors: to which interventions this warning belongs.")
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("explanation"),
        FieldPanel("applies_when"),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("source_url")], heading=_("Source")),
    ]

    class Meta:
        verbose_name = _("quality framework warning")
        verbose_name_plural = _("quality framework warnings")
        ordering = ["title"]

    def __str__(self):
        return self.title


class InterventionForm(WagtailAdminModelForm):
    """Admin form: checks what needs more than one field (factor kinds, ages, the flag's note)."""

    def clean(self):
        cleaned = super().clean()
        errors = {}
        for field, kind in (("risk_factors", FactorKind.RISK), ("protective_factors", FactorKind.PROTECTIVE)):
            wrong = [f.name for f in cleaned.get(field) or [] if f.kind != kind]
            if wrong:
                errors[field] = _("Not a %(kind)s: %(names)s.") % {
                    "kind": FactorKind(kind).label.lower(),
                    "names": ", ".join(wrong),
                }
        if errors:
            raise ValidationError(errors)
        return cleaned


class InterventionQuerySet(VisibilityQuerySet):
    def for_age(self, age: int):
        return self.filter(
            models.Q(age_min__isnull=True) | models.Q(age_min__lte=age),
            models.Q(age_max__isnull=True) | models.Q(age_max__gte=age),
        )


class Intervention(EditableSnippet):
    """An intervention of the catalogue, with NJI-style fields and a dated, sourced rating."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Part of the web address: /interventies/<slug>/.")
    )
    summary = models.TextField(_("summary"), help_text=_("In our own words; two to four sentences."))
    goal = models.TextField(_("goal"), blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    approach = models.TextField(_("approach"), blank=True)
    duration = models.CharField(_("time investment"), max_length=255, blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    prevention_level = models.CharField(_("level of prevention"), max_length=16, choices=PreventionLevel.choices)
    setting = models.CharField(_("setting"), max_length=16, choices=Setting.choices)
    themes = ParentalManyToManyField(
        "dossier.ThemePage", verbose_name=_("themes"), blank=True, related_name="interventions"
    )
    risk_factors = ParentalManyToManyField(
        Factor,
        verbose_name=_("risk factors addressed"),
        blank=True,
        related_name="addressed_by",
        limit_choices_to={"kind": FactorKind.RISK},
    )
    protective_factors = ParentalManyToManyField(
        Factor,
        verbose_name=_("protective factors strengthened"),
        blank=True,
        related_name="strengthened_by",
        limit_choices_to={"kind": FactorKind.PROTECTIVE},
    )
    recognition_level = models.CharField(
        _("recognition level"), max_length=40, choices=RecognitionLevel.choices, default=RecognitionLevel.NOT_ASSESSED
    )
    recognition_date = models.DateField(_("date of the judgement"), null=True, blank=True)
    recognition_date_precision = models.CharField(
        _("precision of that date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("When only the year is known, enter 1 January of that year and choose 'Year only'."),
    )
    recognition_source = models.CharField(
        _("source of the judgement"),
        max_length=255,
        blank=True,
        help_text=_("Who judged it, e.g. 'Erkenningscommissie Interventies, deelcommissie Justitiële interventies'."),
    )
    recognition_note = models.CharField(
        _("note on the judgement"),
        max_length=500,
        blank=True,
        help_text=_("E.g. on which outcome the level applies, or other levels for other outcomes."),
    )
    under_review = models.BooleanField(_("currently under re-assessment"), default=False)
    source_url = models.URLField(
        _("source link"),
        max_length=500,
        blank=True,
        help_text=_("The record in the databank (e.g. nji.nl/interventies/...)."),
    )
    provider = models.CharField(_("provider"), max_length=255, blank=True)
    regional_availability = models.CharField(
        _("availability in the region"),
        max_length=16,
        choices=RegionalAvailability.choices,
        default=RegionalAvailability.UNKNOWN,
    )
    availability_note = models.CharField(_("note on availability"), max_length=500, blank=True)
    link = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("Website of the intervention or provider.")
    )
    resources = ParentalManyToManyField(
        "dossier.Resource", verbose_name=_("related resources"), blank=True, related_name="interventions"
    )
    warnings = ParentalManyToManyField(
        QualityWarning, verbose_name=_("quality framework warnings"), blank=True, related_name="interventions"
    )
    # Review schedule, "te controleren" and change note: the upkeep mixins' fields (jv.upkeep).

    objects = InterventionQuerySet.as_manager()
    base_form_class = InterventionForm

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("goal"), FieldPanel("target_group"), FieldPanel("approach"), FieldPanel("duration")],
            heading=_("Description"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
                FieldRowPanel([FieldPanel("prevention_level"), FieldPanel("setting")]),
            ],
            heading=_("For whom and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("recognition_level"),
                FieldRowPanel([FieldPanel("recognition_date"), FieldPanel("recognition_date_precision")]),
                FieldPanel("recognition_source"),
                FieldPanel("recognition_note"),
                FieldPanel("under_review"),
                FieldPanel("source_url"),
            ],
            heading=_("Recognition"),
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("risk_factors", widget=forms.CheckboxSelectMultiple),
        FieldPanel("protective_factors", widget=forms.CheckboxSelectMultiple),
        FieldPanel("warnings", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("provider"),
                FieldPanel("link"),
                FieldPanel("regional_availability"),
                FieldPanel("availability_note"),
            ],
            heading=_("Provider and availability"),
        ),
        FieldPanel("resources", widget=forms.CheckboxSelectMultiple),
        FieldPanel("visibility"),
    ] + upkeep_panels()
    search_fields = [
        index.SearchField("name"),
        index.SearchField("summary"),
        index.SearchField("provider"),
        index.AutocompleteField("name"),
        index.FilterField("visibility"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_url(self):
        return reverse("interventions:detail", args=[self.slug])

    get_absolute_url = get_url

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This slug is reserved for a page of the interventiewijzer.")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("The maximum age must not be lower than the minimum age.")
        if self.recognition_date and self.recognition_date > datetime.date.today():
            errors["recognition_date"] = _("The date of the judgement cannot lie in the future.")
        if self.needs_verification and not self.verification_note.strip():
            errors["verification_note"] = _("Say what must be verified.")
        if errors:
            raise ValidationError(errors)

    # Presentation helpers -------------------------------------------------------------------

    @property
    def level_strength(self) -> int:
        return LEVEL_STRENGTH.get(self.recognition_level, 0)

    @property
    def is_recognised(self) -> bool:
        return self.recognition_level in RECOGNISED_LEVELS

    @property
    def recognition_date_display(self) -> str:
        """The date as precisely as it is known: '2019', 'juni 2017' or '18 september 2019'."""
        if not self.recognition_date:
            return ""
        if self.recognition_date_precision == DatePrecision.YEAR:
            return str(self.recognition_date.year)
        if self.recognition_date_precision == DatePrecision.MONTH:
            return date_format(self.recognition_date, "F Y")
        return date_format(self.recognition_date, "j F Y")

    @property
    def recognition_date_iso(self) -> str | None:
        """ISO 8601 with the precision that is known: '2019', '2017-06' or '2019-09-18'."""
        if not self.recognition_date:
            return None
        if self.recognition_date_precision == DatePrecision.YEAR:
            return f"{self.recognition_date.year:04d}"
        if self.recognition_date_precision == DatePrecision.MONTH:
            return self.recognition_date.strftime("%Y-%m")
        return self.recognition_date.isoformat()

    @property
    def age_display(self) -> str:
        if self.age_min is None and self.age_max is None:
            return ""
        if self.age_max is None:
            return _("from %(min)s years") % {"min": self.age_min}
        if self.age_min is None:
            return _("up to and including %(max)s years") % {"max": self.age_max}
        return _("%(min)s to %(max)s years") % {"min": self.age_min, "max": self.age_max}

    def get_preview_template(self, request, mode_name):
        return "interventions/intervention_detail.html"

    def get_preview_context(self, request, mode_name):
        return {
            "intervention": self,
            "themes": list(self.themes.all()),
            "risk_factors": list(self.risk_factors.all()),
            "protective_factors": list(self.protective_factors.all()),
            "kader_warnings": list(self.warnings.all()),
            "resources": list(self.resources.all()),
            "is_preview": True,
        }
