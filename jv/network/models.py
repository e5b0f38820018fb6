"""The network: organisations and their roles per theme, contact persons, the agenda and feed tokens.

Access:
- Organisations and events carry a ``visibility`` (public or members) and a publication state;
  every channel narrows them with ``jv.core.visibility.visible``.
- Contact persons have NO visibility field and are not ``always_public``: jv.core.visibility
  therefore treats them as members-only, always (deny by default). There is deliberately no
  setting that can make a contact public.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from jv.core.visibility import VisibilityMixin, VisibilityQuerySet
from jv.upkeep.models import EditableSnippet, PublishableSnippet, ReviewableMixin, VerifiableMixin
from jv.upkeep.panels import upkeep_panels

RESERVED_EVENT_SLUGS = {"abonneren", "agenda"}
RESERVED_ORGANISATION_SLUGS = {"contactpersonen", "organisaties"}

phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{6,24}$",
    _("Enter a phone number with digits, spaces, hyphens or brackets, optionally starting with +."),
)


def _no_nul(value):
    if value and "\x00" in str(value):
        raise ValidationError(_("This field contains an invalid character."))


# --------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------


class Organisation(EditableSnippet):
    """A partner in the network: politie, gemeente, jongerenwerk, knowledge institute, ..."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        MUNICIPALITY = "municipality", _("Municipality")
        YOUTH_WORK = "youth_work", _("Youth work")
        EDUCATION = "education", _("Education")
        CARE = "care", _("Youth care and protection")
        JUSTICE = "justice", _("Justice")
        PARTNERSHIP = "partnership", _("Partnership or network")
        KNOWLEDGE = "knowledge", _("Knowledge institute")
        RESEARCH = "research", _("Research")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, validators=[_no_nul])
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(_("website"), max_length=500, blank=True)
    summary = models.TextField(
        _("short description"),
        blank=True,
        validators=[_no_nul],
        help_text=_("Two or three sentences in our own words: what the organisation does for young people and safety."),
    )
    units = models.TextField(
        _("internal departments"),
        blank=True,
        help_text=_("One per line, for example the lines within a municipality (leerplicht, jeugdbeleid, zorg, OOV)."),
    )
    region = models.CharField(
        _("region or municipalities served"),
        max_length=500,
        blank=True,
        help_text=_("For example 'eenheid Rotterdam', 'Zuid-Holland-Zuid' or a list of municipalities."),
    )
    themes = ParentalManyToManyField(
        "dossier.ThemePage", verbose_name=_("themes"), blank=True, related_name="organisations"
    )
    # "Te controleren" (needs_verification, verification_note), review schedule and change note:
    # the upkeep mixins' fields (jv.upkeep).
    note = models.TextField(_("editor note"), blank=True, help_text=_("Internal note, never shown on the site."))

    objects = VisibilityQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("website"),
        FieldPanel("summary"),
        FieldPanel("units"),
        FieldPanel("region"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        InlinePanel("roles", heading=_("Roles per theme"), label=_("Role")),
        FieldPanel("visibility"),
        FieldPanel("note"),
    ] + upkeep_panels()
    search_fields = [
        index.SearchField("name"),
        index.SearchField("summary"),
        index.AutocompleteField("name"),
        index.FilterField("visibility"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.slug in RESERVED_ORGANISATION_SLUGS:
            raise ValidationError({"slug": _("This slug is reserved; choose another one.")})

    def get_url(self):
        return reverse("network:organisation", args=[self.slug])

    get_absolute_url = get_url

    @property
    def unit_list(self) -> list[str]:
        return [line.strip() for line in self.units.splitlines() if line.strip()]

    def get_preview_template(self, request, mode_name):
        return "network/organisation_detail.html"

    def get_preview_context(self, request, mode_name):
        return {
            "organisation": self,
            "roles": list(self.roles.all()),
            "themes": list(self.themes.all()),
            "contacts": [],
            "is_preview": True,
        }


class OrganisationRole(Orderable):
    """What an organisation does within one theme (the rolverdeling), or in general (no theme)."""

    organisation = ParentalKey(Organisation, on_delete=models.CASCADE, related_name="roles")
    theme = models.ForeignKey(
        "dossier.ThemePage",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="organisation_roles",
        help_text=_("Leave empty for the organisation's general role across all themes."),
    )
    role = models.TextField(_("role"), validators=[_no_nul])
    to_verify = models.BooleanField(_("te controleren"), default=False)

    panels = [FieldPanel("theme"), FieldPanel("role"), FieldPanel("to_verify")]

    class Meta(Orderable.Meta):
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return f"{self.organisation}: {self.role[:60]}"


# --------------------------------------------------------------------------------------------
# Contact persons (members only, always)
# --------------------------------------------------------------------------------------------


class ContactQuerySet(models.QuerySet):
    """No visibility field on purpose: jv.core.visibility hides every contact from anonymous users."""


class Contact(ReviewableMixin, VerifiableMixin, ClusterableModel):
    """A contact person within a partner organisation. Personal data: members only, with consent.

    Deliberately without revisions: deleting a contact (e.g. when consent is withdrawn) removes
    the personal data completely, with no copies left in a revision history.
    """

    name = models.CharField(_("name"), max_length=200, validators=[_no_nul])
    function = models.CharField(_("function"), max_length=200, blank=True, validators=[_no_nul])
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="contacts"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=32, blank=True, validators=[phone_validator])
    themes = ParentalManyToManyField("dossier.ThemePage", verbose_name=_("themes"), blank=True, related_name="contacts")
    consent_date = models.DateField(
        _("consent recorded on"),
        help_text=_(
            "Date on which this person agreed to be listed for network members. Required: no contact without consent."
        ),
    )
    consent_basis = models.CharField(
        _("how consent was given"),
        max_length=300,
        validators=[_no_nul],
        help_text=_("For example 'by e-mail to the VAR editor'. Withdrawn consent: delete the contact."),
    )
    # "Te controleren" and review schedule: the upkeep mixins' fields (jv.upkeep). No change note:
    # contact persons never appear in "Wat is er nieuw".
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("function"),
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("consent_date"), FieldPanel("consent_basis")],
            heading=_("Consent (required)"),
        ),
    ] + upkeep_panels(change_note=False)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if not self.email and not self.phone:
            errors["email"] = _("Give at least an e-mail address or a phone number.")
        if self.consent_date and self.consent_date > timezone.localdate():
            errors["consent_date"] = _("The consent date cannot lie in the future.")
        if errors:
            raise ValidationError(errors)


# --------------------------------------------------------------------------------------------
# Agenda
# --------------------------------------------------------------------------------------------


class EventQuerySet(VisibilityQuerySet):
    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now())


class Event(VisibilityMixin, PublishableSnippet):
    class Kind(models.TextChoices):
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        PARENT_MEETING = "parent_meeting", _("Parent meeting")
        TRAINING = "training", _("Training or workshop")
        CONFERENCE = "conference", _("Conference or symposium")
        OTHER = "other", _("Other")

    uid = models.UUIDField(_("calendar identifier"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200, validators=[_no_nul])
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True, validators=[_no_nul])
    start = models.DateTimeField(_("start"), help_text=_("Date and time in Dutch time (Europe/Amsterdam)."))
    end = models.DateTimeField(_("end"))
    location = models.CharField(_("location"), max_length=300, blank=True, validators=[_no_nul])
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True, validators=[_no_nul])
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    themes = ParentalManyToManyField("dossier.ThemePage", verbose_name=_("themes"), blank=True, related_name="events")
    is_example = models.BooleanField(
        _("example (fictitious)"),
        default=False,
        help_text=_("A made-up example: shown everywhere with the label 'voorbeeld'."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("location"),
        FieldPanel("online_url"),
        FieldPanel("audience"),
        FieldPanel("organiser"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("visibility"), FieldPanel("is_example")], heading=_("Access and labels")),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.SearchField("location"),
        index.AutocompleteField("title"),
        index.FilterField("visibility"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="network_event_end_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_EVENT_SLUGS:
            errors["slug"] = _("This slug is reserved; choose another one.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end must not lie before the start.")
        if not self.location and not self.online_url:
            errors["location"] = _("Give a location, an online link, or both.")
        if errors:
            raise ValidationError(errors)

    def get_url(self):
        return reverse("network:event", args=[self.slug])

    get_absolute_url = get_url

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    def get_preview_template(self, request, mode_name):
        return "network/event_detail.html"

    def get_preview_context(self, request, mode_name):
        return {"event": self, "themes": list(self.themes.all()), "is_preview": True}


# --------------------------------------------------------------------------------------------
# Personal calendar feeds
# --------------------------------------------------------------------------------------------

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class FeedTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_token(self, token: str):
        """The active token row for a raw token from a URL, or None. Only the hash is stored."""
        if not token or not TOKEN_RE.match(token):
            return None
        return self.active().select_related("user").filter(token_hash=hash_token(token), user__is_active=True).first()


class FeedToken(models.Model):
    """A secret, revocable key in a member's personal calendar URL. Only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="feed_tokens"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed key")
        verbose_name_plural = _("calendar feed keys")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def issue(cls, user) -> tuple[FeedToken, str]:
        """Revoke the member's active keys and make a new one. Returns (row, raw token)."""
        cls.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        raw = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, token_hash=hash_token(raw)), raw

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
