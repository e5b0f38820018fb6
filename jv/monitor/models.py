"""Monitor Gezamenlijk Veiligheidsbeeld (youth chapter): areas, indicators, half-year figures.

- ``Area``: gemeente -> district -> regio, editable, with validity dates. A former gemeente points
  at its ``successor``; its figures roll up into the successor (see ``jv.monitor.aggregation``).
- ``Indicator``: what is counted. ``kind=population`` indicators hold denominators (young people
  per gemeente and period) that turn counts into rates per 1,000.
- ``Figure``: one count for one gemeente, indicator and half-year. ``is_fictitious`` marks demo
  data; a real import of an indicator removes that indicator's demo figures (``jv.monitor.importing``).
- ``ImportRecord``: who imported which file when, with counts. ``PendingImport`` holds an uploaded
  file between the admin preview and the confirmation.
- ``ContextFigure``: national or municipal context (CBS, WODC, Halt) with source and date.

All monitor data is public as a model (``always_public``): small counts are not hidden by row
visibility but by the disclosure rule in ``jv.monitor.disclosure``, which every channel uses.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from jv.core import cache as content_cache
from jv.monitor.periods import Period

CODE_VALIDATOR = RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$", _("Use letters, digits and hyphens."))


class Area(models.Model):
    always_public = True

    class Level(models.TextChoices):
        GEMEENTE = "gemeente", _("municipality")
        DISTRICT = "district", _("district")
        REGIO = "regio", _("region")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[CODE_VALIDATOR],
        help_text=_("CBS code for municipalities (e.g. GM0599); a short code for districts and the region."),
    )
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Municipality: its district. District: the region. Former municipalities: leave empty."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("For a former municipality: the municipality it merged into. Its figures count for the successor."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    to_verify = models.BooleanField(
        _("to be verified"),
        default=False,
        help_text=_("Set while the membership of this area (its district) is an unconfirmed default."),
    )
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("level"),
        FieldPanel("parent"),
        MultiFieldPanel(
            [FieldPanel("valid_from"), FieldPanel("valid_until"), FieldPanel("successor")],
            heading=_("Validity and mergers"),
        ),
        FieldPanel("to_verify"),
        FieldPanel("note"),
        FieldPanel("order"),
    ]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        errors = {}
        expected_parent = {self.Level.GEMEENTE: self.Level.DISTRICT, self.Level.DISTRICT: self.Level.REGIO}
        if self.parent_id:
            if self.parent_id == self.pk:
                errors["parent"] = _("An area cannot be part of itself.")
            elif self.parent.level != expected_parent.get(self.level):
                errors["parent"] = _("A %(level)s must be part of a %(parent)s.") % {
                    "level": self.get_level_display(),
                    "parent": expected_parent.get(self.level, "-"),
                }
        if self.successor_id:
            if self.level != self.Level.GEMEENTE or self.successor.level != self.Level.GEMEENTE:
                errors["successor"] = _("Only a municipality can be succeeded by another municipality.")
            elif self.successor_id == self.pk or self._successor_loops():
                errors["successor"] = _("The chain of successors must not loop.")
            elif not self.valid_until:
                errors["valid_until"] = _("A former municipality needs an end date.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end date lies before the start date.")
        if errors:
            raise ValidationError(errors)

    def _successor_loops(self) -> bool:
        seen = {self.pk}
        current = self.successor
        while current is not None:
            if current.pk in seen:
                return True
            seen.add(current.pk)
            current = current.successor
        return False

    def valid_in(self, period: Period) -> bool:
        """True when the area existed during (part of) the half-year."""
        if self.valid_from and self.valid_from > period.end:
            return False
        if self.valid_until and self.valid_until < period.start:
            return False
        return True

    @property
    def is_former(self) -> bool:
        return self.successor_id is not None


class IndicatorQuerySet(models.QuerySet):
    def counts(self):
        return self.filter(kind=Indicator.Kind.COUNT)


class Indicator(models.Model):
    always_public = True

    class Kind(models.TextChoices):
        COUNT = "count", _("count (published)")
        POPULATION = "population", _("population (denominator for rates)")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=160)
    unit = models.CharField(_("unit"), max_length=80, help_text=_("What one counts, e.g. 'verwijzingen'."))
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("Who supplies the figures."))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COUNT)
    reporting_areas = models.ManyToManyField(
        Area,
        verbose_name=_("reporting municipalities"),
        blank=True,
        related_name="+",
        limit_choices_to={"level": Area.Level.GEMEENTE},
        help_text=_("Leave empty when every municipality reports this indicator."),
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("denominator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "population"},
        help_text=_("Optional population indicator; gives rates per 1,000 young people."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = IndicatorQuerySet.as_manager()

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("unit"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("source"),
        FieldPanel("reporting_areas"),
        FieldPanel("denominator"),
        FieldPanel("order"),
    ]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def clean(self):
        if self.denominator_id and (self.kind != self.Kind.COUNT or self.denominator.kind != self.Kind.POPULATION):
            raise ValidationError(
                {"denominator": _("Only a count can have a denominator, and it must be a population indicator.")}
            )


class ImportRecord(models.Model):
    always_public = False

    class Kind(models.TextChoices):
        FIGURES = "figures", _("half-year figures")
        CBS = "cbs", _("CBS StatLine context")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FIGURES)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField(
        _("user name"), max_length=150, blank=True, help_text=_("Kept when the account is removed.")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    fictitious_removed = models.PositiveIntegerField(_("fictitious figures removed"), default=0)
    indicators = models.CharField(_("indicators"), max_length=500, blank=True)
    periods = models.CharField(_("periods"), max_length=500, blank=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.filename} ({self.imported_at:%Y-%m-%d %H:%M})"


class Figure(models.Model):
    always_public = True
    # Figures are imported in bulk; Wagtail's usage index would add queries per row for nothing.
    wagtail_reference_index_ignore = True

    area = models.ForeignKey(Area, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="figures")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="figures"
    )
    period = models.CharField(_("period"), max_length=7, help_text=_("YYYY-H1 or YYYY-H2"))
    value = models.PositiveIntegerField(_("count"))
    is_fictitious = models.BooleanField(
        _("fictitious"), default=False, help_text=_("Demo data: shown as fictitious everywhere.")
    )
    import_record = models.ForeignKey(
        ImportRecord, verbose_name=_("import"), null=True, blank=True, on_delete=models.SET_NULL, related_name="figures"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("area"),
        FieldPanel("indicator"),
        FieldPanel("period"),
        FieldPanel("value"),
        FieldPanel("is_fictitious"),
    ]

    class Meta:
        ordering = ["indicator", "period", "area"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [models.UniqueConstraint(fields=["area", "indicator", "period"], name="monitor_figure_unique")]
        indexes = [models.Index(fields=["indicator", "period"], name="monitor_fig_ind_period")]

    def __str__(self):
        return f"{self.indicator.code} {self.area.code} {self.period}: {self.value}"

    def clean(self):
        try:
            self.period = str(Period.parse(self.period))
        except ValueError:
            raise ValidationError({"period": _("Use YYYY-H1 or YYYY-H2.")}) from None
        if self.area_id and self.area.level != Area.Level.GEMEENTE:
            raise ValidationError({"area": _("Figures are entered per municipality.")})


class PendingImport(models.Model):
    """An uploaded file waiting for the editor's confirmation after the preview."""

    always_public = False
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.filename


class ContextFigure(models.Model):
    """A national or municipal context figure (CBS, WODC, Halt), always with its source."""

    always_public = True

    key = models.SlugField(_("key"), max_length=120, unique=True)
    topic = models.CharField(_("topic"), max_length=160)
    area_code = models.CharField(
        _("area code"), max_length=40, default="NL", help_text=_("NL for the Netherlands, or a CBS municipality code.")
    )
    area_name = models.CharField(_("area name"), max_length=120, default="Nederland")
    period = models.CharField(_("period"), max_length=40, help_text=_("Year or period the figure is about."))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=120)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="context_figures",
        help_text=_("The regional indicator this figure gives context to (optional)."),
    )
    source = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source link"), blank=True)
    source_date = models.CharField(
        _("source date"), max_length=40, blank=True, help_text=_("When the source published or was consulted.")
    )
    provisional = models.BooleanField(_("provisional"), default=False)
    to_verify = models.BooleanField(_("to be verified"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    import_record = models.ForeignKey(ImportRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "topic", "period"]
        verbose_name = _("context figure")
        verbose_name_plural = _("context figures")

    def __str__(self):
        return f"{self.topic} ({self.area_name}, {self.period})"

    @property
    def display_value(self) -> str:
        value = self.value
        text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.1f}"
        return text.replace(",", "X").replace(".", ",").replace("X", ".")


# Bulk writers (imports, the starter content) bump the platform-wide content version once, not per row.
bulk_write = content_cache.bulk_write
in_bulk_write = content_cache.in_bulk_write


class Publication(models.Model):
    """One release of one table (one indicator in one half-year) as the public sees it.

    The publication log: every channel shows anonymous visitors the latest release of each table,
    never the raw figures, and every new release is audited together with all earlier ones before
    it is written (``jv.monitor.publication``). Releases are never changed or deleted: an attacker
    may have archived them all.
    """

    always_public = False

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("period"), max_length=7)
    number = models.PositiveIntegerField(_("release"))
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    signature = models.CharField(max_length=64, help_text="Hash of the exact table this release was made from.")
    hidden = models.PositiveIntegerField(_("hidden cells"), default=0)
    weakest = models.PositiveSmallIntegerField(
        _("fewest possible values"),
        null=True,
        blank=True,
        help_text=_("The smallest number of values the audit left open for any hidden count (capped)."),
    )

    class Meta:
        ordering = ["indicator", "period", "number"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "number"], name="monitor_publication_unique")
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.period} #{self.number}"


class PublishedCell(models.Model):
    """One cell of one release: what was shown, and (privately) the exact value it was made from."""

    always_public = False
    wagtail_reference_index_ignore = True

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="cells")
    code = models.CharField(max_length=40)
    level = models.CharField(max_length=16)
    parent = models.CharField(max_length=40, blank=True)
    value = models.IntegerField(null=True, blank=True, help_text="Exact value (never shown to the public).")
    status = models.CharField(max_length=16)  # shown | small | shielded | missing
    reason = models.CharField(max_length=16, blank=True)
    complete = models.BooleanField(default=False)
    present = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)
    fictitious = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["publication", "code"], name="monitor_publishedcell_unique")]

    def __str__(self):
        return f"{self.publication} {self.code}: {self.status}"
