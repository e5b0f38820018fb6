"""Guides (routekaarten): data-driven step-by-step guides and checklists.

A guide is a Wagtail snippet with drafts, revisions, preview and locking. Its steps are a
StreamField; the structure rules live in :mod:`jv.guides.validation` and are enforced when an
editor publishes (see :mod:`jv.guides.forms`). Visitors walk a guide with plain links; the
state lives in the URL only (see :mod:`jv.guides.state`).
"""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import LockableMixin
from wagtail.search import index

from jv.core.visibility import VisibilityQuerySet
from jv.guides.blocks import PHONE_REGEX, STEP_BLOCKS, BackgroundBlock, SourceBlock
from jv.guides.forms import GuideAdminForm
from jv.guides.structure import CHECKLIST_KINDS, GuideGraph, steps_from_stream
from jv.upkeep.models import EditableSnippet
from jv.upkeep.panels import upkeep_panels


class GuideQuerySet(VisibilityQuerySet):
    pass


class Guide(LockableMixin, EditableSnippet):
    class Kind(models.TextChoices):
        ROUTEKAART = "routekaart", _("Decision guide (routekaart)")
        STAPPENMODEL = "stappenmodel", _("Step model")
        BARRIEREMODEL = "barrieremodel", _("Barrier model")
        SIGNAALWIJZER = "signaalwijzer", _("Signal checklist (signaalwijzer)")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Part of the web address: /routekaarten/<slug>/.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.ROUTEKAART,
        help_text=_("Decides which kind of step blocks the guide uses and how visitors walk it."),
    )
    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences, shown in overviews and search results.")
    )
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown on the guide's first page."))
    emergency_text = models.CharField(
        _("emergency notice"),
        max_length=200,
        blank=True,
        help_text=_("Shown at the top of every step, e.g. 'Is er acuut gevaar? Bel 112.'"),
    )
    emergency_phone = models.CharField(
        _("emergency number"),
        max_length=20,
        blank=True,
        help_text=_("Tap-to-call number for the notice, e.g. 112."),
        validators=[RegexValidator(PHONE_REGEX, _("Use digits, spaces and hyphens only, e.g. 0900-8844."))],
    )
    steps = StreamField(
        STEP_BLOCKS,
        verbose_name=_("steps"),
        blank=True,
        help_text=_("The first step is where visitors start. Use only the block type that matches the kind."),
    )
    background = StreamField(
        [("term", BackgroundBlock())],
        verbose_name=_("explanation of terms"),
        blank=True,
        help_text=_("Background for the reader, e.g. the online phenomena a guide is about."),
    )
    sources = StreamField([("source", SourceBlock())], verbose_name=_("sources"), blank=True)
    themes = ParentalManyToManyField("dossier.ThemePage", verbose_name=_("themes"), blank=True, related_name="guides")
    # "Te controleren" (needs_verification, verification_note), review schedule and change note:
    # the upkeep mixins' fields (jv.upkeep).
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Lower numbers come first in overviews.")
    )

    objects = GuideQuerySet.as_manager()
    base_form_class = GuideAdminForm

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("emergency_text"), FieldPanel("emergency_phone")], heading=_("Emergency notice")),
        FieldPanel("steps"),
        FieldPanel("background"),
        FieldPanel("sources"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("visibility"), FieldPanel("sort_order")], heading=_("Access and order")),
    ] + upkeep_panels()
    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("visibility"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["sort_order", "title"]

    def __str__(self):
        return self.title

    def get_url(self):
        return reverse("guides:detail", args=[self.slug])

    get_absolute_url = get_url

    @cached_property
    def graph(self) -> GuideGraph:
        return GuideGraph(self.kind, steps_from_stream(self.steps))

    @property
    def is_checklist(self) -> bool:
        return self.kind in CHECKLIST_KINDS

    def source_list(self) -> list[dict]:
        return [dict(block.value) for block in self.sources]

    def background_list(self) -> list[dict]:
        """The explanation of terms, each with its ``anchor`` on the guide's page (``id`` of the
        term; also the target of a search result): ``term-`` + the slugified term, unique."""
        from jv.core.text import unique_anchor

        used: set[str] = set()
        terms = [dict(block.value) for block in self.background]
        return [
            {**term, "anchor": unique_anchor(term.get("term", ""), used, "uitleg", prefix="term-")} for term in terms
        ]

    # Preview in the admin: the visitor's first page, and an editor's map of every step with the
    # validation report (useful while a draft is not valid yet).
    preview_modes = [("", _("First page")), ("map", _("All steps and checks"))]

    def get_preview_template(self, request, mode_name):
        if mode_name == "map":
            return "guides/guide_map.html"
        return "guides/checklist.html" if self.is_checklist else "guides/guide_overview.html"

    def get_preview_context(self, request, mode_name):
        from jv.guides import views

        return views.preview_context(request, self, mode_name)
