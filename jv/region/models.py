"""The region in depth: a page per gemeente, the agreements gemeenten take part in, intervention
availability per gemeente, "signalen" (short trend notes per theme) and questions to the VAR.

Layering: this app sits above the content apps it brings together (monitor areas, network
organisations and contacts, interventions, dossier themes); no other app imports it.

Access (``jv.core.visibility``):
- ``Gemeente`` is public (``always_public``) once published; its members-only part (contact
  persons) is narrowed per request through ``visible(Contact...)``.
- ``Agreement`` and ``Signal`` carry a ``visibility`` (public or members).
- ``VarQuestion`` is an editors' inbox: no visibility field and not ``always_public``, so no
  visitor channel ever lists it (deny by default).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from jv.core.visibility import VisibilityQuerySet
from jv.upkeep.models import ChangeNoteMixin, EditableSnippet, PublishableSnippet, ReviewableMixin, VerifiableMixin
from jv.upkeep.panels import upkeep_panels

RESERVED_SIGNAL_SLUGS = {"feed"}


def _no_nul(value):
    if value and "\x00" in str(value):
        raise ValidationError(_("This field contains an invalid character."))


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact date")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")


def format_partial_date(value, precision: str) -> str:
    """'12 maart 2024', 'maart 2024' or '2024', in the active language."""
    from django.utils import formats

    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "F Y")
    return formats.date_format(value, "j F Y")


# --------------------------------------------------------------------------------------------
# Gemeente
# --------------------------------------------------------------------------------------------


class GemeenteQuerySet(models.QuerySet):
    pass


class Gemeente(ReviewableMixin, VerifiableMixin, ChangeNoteMixin, PublishableSnippet):
    """One of the gemeenten of the region, tied to its monitor area (which knows the district)."""

    always_public = True  # the page is public once published; contact persons are narrowed per request

    area = models.OneToOneField(
        "monitor.Area",
        verbose_name=_("monitor area"),
        on_delete=models.PROTECT,
        related_name="gemeente_page",
        limit_choices_to={"level": "gemeente", "successor__isnull": True},
        help_text=_("The municipality in the monitor; its district comes from there (Monitor > Areas)."),
    )
    name = models.CharField(_("name"), max_length=120, validators=[_no_nul])
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("Part of the web address: /gemeenten/<slug>/.")
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        validators=[_no_nul],
        help_text=_("Optional, in our own words: what is particular about youth and safety in this municipality."),
    )
    website = models.URLField(_("website of the municipality"), max_length=500, blank=True)
    note = models.TextField(_("editor note"), blank=True, help_text=_("Internal note, never shown on the site."))

    objects = GemeenteQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("area"),
        FieldPanel("intro"),
        FieldPanel("website"),
        InlinePanel("partners", heading=_("Partner organisations active here"), label=_("Partner")),
        InlinePanel("availability", heading=_("Interventions available here"), label=_("Intervention")),
        InlinePanel(
            "contact_links",
            heading=_("Contact persons for this municipality (members only)"),
            label=_("Contact person"),
        ),
        FieldPanel("note"),
    ] + upkeep_panels()
    search_fields = [
        index.SearchField("name"),
        index.SearchField("intro"),
        index.AutocompleteField("name"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.area_id and self.area.level != "gemeente":
            raise ValidationError({"area": _("Choose an area at the level of a municipality.")})

    def get_url(self):
        return reverse("region:gemeente", args=[self.slug])

    get_absolute_url = get_url

    @property
    def district(self):
        return self.area.parent if self.area_id else None

    @property
    def district_to_verify(self) -> bool:
        return bool(self.area_id and self.area.to_verify)

    def get_preview_template(self, request, mode_name):
        return "region/gemeente_detail.html"

    def get_preview_context(self, request, mode_name):
        from jv.region import views

        return views.gemeente_context(request, self, preview=True)


class GemeentePartner(Orderable):
    """An organisation that works in this gemeente, and its role here. One organisation can serve
    several gemeenten (groups and teams cross municipal borders), each with its own row."""

    gemeente = ParentalKey(Gemeente, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "network.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="gemeente_roles"
    )
    role = models.TextField(
        _("role in this municipality"),
        validators=[_no_nul],
        help_text=_("For example: 'jeugdteam for the whole municipality' or 'jongerenwerk in the north'."),
    )
    to_verify = models.BooleanField(
        _("te controleren"), default=True, help_text=_("Untick once the partner has confirmed this role.")
    )

    panels = [FieldPanel("organisation"), FieldPanel("role"), FieldPanel("to_verify")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner in the municipality")
        verbose_name_plural = _("partners in the municipality")

    def __str__(self):
        return f"{self.organisation} ({self.gemeente})"


class Availability(models.TextChoices):
    AVAILABLE = "beschikbaar", _("Available")
    NOT_AVAILABLE = "niet", _("Not available")
    UNKNOWN = "onbekend", _("Not known")


class InterventionAvailability(Orderable):
    """Whether an intervention is offered in this gemeente: an editor's field, te controleren until
    somebody confirmed it with the provider or the gemeente."""

    gemeente = ParentalKey(Gemeente, on_delete=models.CASCADE, related_name="availability")
    intervention = models.ForeignKey(
        "interventions.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="gemeente_availability",
    )
    status = models.CharField(
        _("availability"), max_length=16, choices=Availability.choices, default=Availability.UNKNOWN
    )
    provider = models.CharField(_("provider here"), max_length=255, blank=True, validators=[_no_nul])
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[_no_nul])
    to_verify = models.BooleanField(
        _("te controleren"),
        default=True,
        help_text=_("Untick only once the provider or the municipality confirmed the availability."),
    )

    panels = [
        FieldPanel("intervention"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("to_verify")]),
        FieldPanel("provider"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("availability of an intervention")
        verbose_name_plural = _("availability of interventions")

    def __str__(self):
        return f"{self.intervention} in {self.gemeente}: {self.get_status_display()}"


class GemeenteContact(Orderable):
    """A contact person (jv.network) to call about this gemeente. Members only, always."""

    gemeente = ParentalKey(Gemeente, on_delete=models.CASCADE, related_name="contact_links")
    contact = models.ForeignKey(
        "network.Contact", verbose_name=_("contact person"), on_delete=models.CASCADE, related_name="gemeente_links"
    )
    subject = models.CharField(
        _("for questions about"), max_length=200, blank=True, validators=[_no_nul], help_text=_("Optional.")
    )

    panels = [FieldPanel("contact"), FieldPanel("subject")]

    class Meta(Orderable.Meta):
        verbose_name = _("contact person for the municipality")
        verbose_name_plural = _("contact persons for the municipality")

    def __str__(self):
        return f"{self.contact} ({self.gemeente})"


# --------------------------------------------------------------------------------------------
# Agreements (convenanten)
# --------------------------------------------------------------------------------------------


class Agreement(EditableSnippet):
    """A covenant or other written agreement that one or more gemeenten take part in."""

    class Kind(models.TextChoices):
        COVENANT = "convenant", _("Covenant")
        COOPERATION = "samenwerking", _("Cooperation agreement")
        OTHER = "anders", _("Other agreement")

    title = models.CharField(_("title"), max_length=255, validators=[_no_nul])
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COVENANT)
    summary = models.TextField(_("summary"), blank=True, validators=[_no_nul], help_text=_("In our own words."))
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("When it was signed or took effect. Leave empty when not known: shown as 'te controleren'."),
    )
    date_precision = models.CharField(
        _("precision of the date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("When only the year is known, enter 1 January of that year and choose 'Year only'."),
    )
    source = models.CharField(
        _("source"), max_length=255, blank=True, validators=[_no_nul], help_text=_("Where the agreement was found.")
    )
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    gemeenten = ParentalManyToManyField(
        Gemeente, verbose_name=_("municipalities taking part"), blank=True, related_name="agreements"
    )
    parties = models.CharField(
        _("other parties"),
        max_length=500,
        blank=True,
        validators=[_no_nul],
        help_text=_("For example 'politie, OM, scholen voor voortgezet onderwijs'."),
    )
    themes = ParentalManyToManyField("dossier.ThemePage", verbose_name=_("themes"), blank=True, related_name="+")

    objects = VisibilityQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision")]),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("source_url")], heading=_("Source")),
        FieldPanel("gemeenten", widget=forms.CheckboxSelectMultiple),
        FieldPanel("parties"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("visibility"),
    ] + upkeep_panels()
    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.FilterField("visibility"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-date", "title"]

    def __str__(self):
        return self.title

    def get_url(self):
        return reverse("region:agreement", args=[self.slug])

    get_absolute_url = get_url

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date, self.date_precision)

    def get_preview_template(self, request, mode_name):
        return "region/agreement_detail.html"

    def get_preview_context(self, request, mode_name):
        return {"agreement": self, "gemeenten": list(self.gemeenten.all()), "is_preview": True}


# --------------------------------------------------------------------------------------------
# Signalen: short trend notes per theme
# --------------------------------------------------------------------------------------------


class SignalQuerySet(VisibilityQuerySet):
    pass


class Signal(EditableSnippet):
    """A short trend note written by the editors: a new recruiting method, a new weapon trend."""

    title = models.CharField(_("title"), max_length=200, validators=[_no_nul])
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    text = models.TextField(
        _("text"),
        validators=[_no_nul],
        help_text=_("A few sentences in our own words: what is seen, where, and what professionals can do."),
    )
    observed_on = models.DateField(_("seen on"), help_text=_("When the trend was noticed or reported."))
    source = models.CharField(
        _("source"),
        max_length=255,
        validators=[_no_nul],
        help_text=_("Who noticed it, e.g. 'Netwerk Jeugd en Veiligheid, bijeenkomst van maart'."),
    )
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    themes = ParentalManyToManyField("dossier.ThemePage", verbose_name=_("themes"), related_name="signals")

    objects = SignalQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("text"),
        FieldPanel("observed_on"),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("source_url")], heading=_("Source")),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("visibility"),
    ] + upkeep_panels()
    search_fields = [
        index.SearchField("title"),
        index.SearchField("text"),
        index.FilterField("visibility"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-observed_on", "title"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SIGNAL_SLUGS:
            raise ValidationError({"slug": _("This slug is reserved; choose another one.")})

    def get_url(self):
        return reverse("region:signal", args=[self.slug])

    get_absolute_url = get_url

    def get_preview_template(self, request, mode_name):
        return "region/signal_detail.html"

    def get_preview_context(self, request, mode_name):
        return {"signal": self, "themes": list(self.themes.all()), "is_preview": True}


# --------------------------------------------------------------------------------------------
# Questions to the VAR (editors' inbox)
# --------------------------------------------------------------------------------------------


class VarQuestion(models.Model):
    """A member's question to the VAR. Holds no data about young people: the form refuses what
    looks like a BSN or a date of birth, and questions are deleted after a retention period."""

    subject = models.CharField(_("subject"), max_length=200, validators=[_no_nul])
    question = models.TextField(_("question"), max_length=3000, validators=[_no_nul])
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply_to = models.EmailField(_("reply to"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)
    mailed = models.BooleanField(_("sent by e-mail"), default=False, editable=False)

    panels = [
        FieldPanel("subject", read_only=True),
        FieldPanel("question", read_only=True),
        FieldPanel("theme", read_only=True),
        FieldPanel("reply_to", read_only=True),
        FieldPanel("handled"),
    ]

    class Meta:
        verbose_name = _("question to the VAR")
        verbose_name_plural = _("questions to the VAR")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject
