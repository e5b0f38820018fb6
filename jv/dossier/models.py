"""The dossier (kennisbank): home, introduction pages, themes and resources."""

from __future__ import annotations

from django import forms
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from jv.core import panels
from jv.core.cache import VersionedMemory
from jv.core.dates import page_settings_panels
from jv.core.visibility import RememberedRestrictionsMixin, Visibility, VisibilityQuerySet, allowed_levels, visible
from jv.upkeep.models import ChangeNoteMixin, EditableSnippet, ReviewableMixin, VerifiableMixin
from jv.upkeep.panels import upkeep_panels

RICH_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class HomePage(RememberedRestrictionsMixin, Page):
    settings_panels = page_settings_panels()
    intro = RichTextField(_("introduction"), features=RICH_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["intro_pages"] = visible(IntroPage.objects.child_of(self), user)
        context["themes"] = visible(ThemePage.objects.all(), user)
        return context


class IntroPage(ReviewableMixin, VerifiableMixin, ChangeNoteMixin, RememberedRestrictionsMixin, Page):
    """One of the introduction sections: huidig beeld, rolverdeling, factors, ..."""

    settings_panels = page_settings_panels()

    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("Heading"), form_classname="title")),
            ("paragraph", blocks.RichTextBlock(label=_("Paragraph"), features=RICH_FEATURES)),
        ],
        verbose_name=_("body"),
        blank=True,
    )

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")] + upkeep_panels()
    parent_page_types = ["dossier.HomePage"]
    subpage_types: list[str] = []
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("introduction page")

    def sections(self) -> list[dict]:
        """The body in sections: each heading with its anchor (``id`` on the page, also the
        target of a search result) and the blocks up to the next heading.

        Anchors are the slugified heading, made unique on the page; blocks before the first
        heading form a section without heading or anchor.
        """
        from jv.core.text import unique_anchor

        sections = [{"heading": "", "anchor": "", "blocks": []}]
        used = set()
        for block in self.body:
            if block.block_type == "heading":
                anchor = unique_anchor(block.value, used, "sectie")
                sections.append({"heading": str(block.value), "anchor": anchor, "blocks": []})
            else:
                sections[-1]["blocks"].append(block)
        return [section for section in sections if section["heading"] or section["blocks"]]


class ThemeIndexPage(RememberedRestrictionsMixin, Page):
    settings_panels = page_settings_panels()
    intro = RichTextField(_("introduction"), features=RICH_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["dossier.HomePage"]
    subpage_types = ["dossier.ThemePage"]
    max_count = 1

    class Meta:
        verbose_name = _("theme overview")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = visible(ThemePage.objects.child_of(self), request.user)
        return context


class ThemePage(ReviewableMixin, VerifiableMixin, ChangeNoteMixin, RememberedRestrictionsMixin, Page):
    settings_panels = page_settings_panels()
    summary = models.TextField(_("summary"), help_text=_("One or two sentences, shown in overviews."))
    context = RichTextField(_("what is going on"), features=RICH_FEATURES, blank=True)
    role_municipality = RichTextField(_("role of the municipality"), features=RICH_FEATURES, blank=True)

    content_panels = (
        Page.content_panels
        + [
            FieldPanel("summary"),
            FieldPanel("context"),
            FieldPanel("role_municipality"),
        ]
        + upkeep_panels()
    )
    parent_page_types = ["dossier.ThemeIndexPage"]
    subpage_types: list[str] = []
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("context"),
        index.SearchField("role_municipality"),
    ]

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def resources_for(self, user):
        return visible(Resource.objects.filter(themes=self), user).order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["offer"] = self.offer_html(request.user)
        context["panels"] = panels.render_theme_panels(request, self)
        return context

    def offer_html(self, user) -> dict[str, str]:
        """The regional and the national offer as list items (HTML, empty when there is none).

        They depend only on the content, the language and what ``user`` may see, so each process
        renders them once per content version (a fresh render of a theme page spent a third of its
        time on them)."""
        levels = tuple(sorted(allowed_levels(user)))

        def render():
            resources = list(self.resources_for(user))
            return {
                scope: mark_safe(  # noqa: S308 - a template's own output, escaped by it
                    render_to_string(
                        "dossier/includes/resource_items.html",
                        {"resources": [r for r in resources if r.scope == scope]},
                    ).strip()
                )
                for scope in Resource.Scope.values
            }

        return _offers.get_or_compute((self.pk, get_language(), levels), render)


_offers = VersionedMemory(1000)


class ResourceQuerySet(VisibilityQuerySet):
    pass


class Resource(EditableSnippet):
    """A document, website, video, tool, game, training or contact point of the dossier."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        WEBSITE = "website", _("Website")
        VIDEO = "video", _("Video")
        TOOL = "tool", _("Tool or instrument")
        GAME = "game", _("Game or material")
        TRAINING = "training", _("Training")
        CONTACT = "contact", _("Contact point")

    class Scope(models.TextChoices):
        VAR = "var", _("Regional offer (VAR)")
        NATIONAL = "national", _("National offer")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DOCUMENT)
    provider = models.CharField(_("provider"), max_length=255, blank=True)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.NATIONAL)
    url = models.CharField(
        _("link"), max_length=500, blank=True, help_text=_("Web address (https://...) or e-mail address (mailto:...).")
    )
    # Text fields holding an address get the same rule as URLFields (jv/core/validators.py).
    safe_url_fields = ("url",)
    summary = models.TextField(_("summary"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document (file)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "An uploaded file to download. It can be downloaded by whoever may see this resource: "
            "for a members-only resource only network members."
        ),
    )
    themes = ParentalManyToManyField(
        "dossier.ThemePage", verbose_name=_("themes"), blank=True, related_name="resources"
    )
    audience = models.CharField(_("audience"), max_length=255, blank=True)
    requires_login = models.BooleanField(
        _("source requires login"), default=False, help_text=_("The source itself sits behind a login.")
    )
    note = models.TextField(_("editor note"), blank=True, help_text=_("Internal note, e.g. 'te controleren: ...'."))

    objects = ResourceQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("provider"),
                FieldPanel("scope"),
                FieldPanel("url"),
                FieldPanel("document"),
            ],
            heading=_("What and where"),
        ),
        FieldPanel("summary"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("audience"),
        MultiFieldPanel(
            [FieldPanel("visibility"), FieldPanel("requires_login")],
            heading=_("Access"),
        ),
        FieldPanel("note"),
    ] + upkeep_panels()
    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.SearchField("provider"),
        index.AutocompleteField("title"),
        index.FilterField("visibility"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_url(self):
        return reverse("dossier:resource", args=[self.slug])

    get_absolute_url = get_url

    @property
    def is_email(self) -> bool:
        return self.url.startswith("mailto:")

    def get_preview_template(self, request, mode_name):
        return "dossier/resource_detail.html"

    def get_preview_context(self, request, mode_name):
        return {"resource": self, "themes": self.themes.all(), "is_preview": True}


__all__ = [
    "HomePage",
    "IntroPage",
    "ThemeIndexPage",
    "ThemePage",
    "Resource",
    "Visibility",
]
