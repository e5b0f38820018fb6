"""Upkeep: the mixins content models add, and the bookkeeping tables of this app.

Content models of any module opt in by inheriting the mixins (and calling
``jv.upkeep.registry.register(...)`` in their ``AppConfig.ready()``, see docs/upkeep.md):

- :class:`ReviewableMixin`: last reviewed date, review interval, review owner.
- :class:`VerifiableMixin`: "te controleren" flag with a note, and who confirmed it when.
- :class:`ChangeNoteMixin`: the change note an editor writes when publishing, for "Wat is er nieuw".

The concrete models below keep what the upkeep machinery records: change entries, link checks,
field-level verification flags and the sent review digests.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from jv.core.visibility import VisibilityMixin

# --------------------------------------------------------------------------------------------
# Mixins for content models
# --------------------------------------------------------------------------------------------


def editor_choices():
    """Review owners are active accounts with access to the Wagtail admin (not every member)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    admin_access = models.Q(
        groups__permissions__codename="access_admin", groups__permissions__content_type__app_label="wagtailadmin"
    ) | models.Q(user_permissions__codename="access_admin", user_permissions__content_type__app_label="wagtailadmin")
    editors = User._default_manager.filter(admin_access).values("pk")
    return models.Q(is_active=True) & (models.Q(is_superuser=True) | models.Q(pk__in=editors))


class ReviewableMixin(models.Model):
    """An item that an editor checks at a regular interval."""

    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("The date an editor last checked that this item is still correct."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Leave empty to use the default interval for this type."),
    )
    review_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("review owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=editor_choices,
        help_text=_("The editor who receives the weekly reminder for this item."),
    )

    class Meta:
        abstract = True

    def review_interval(self) -> int:
        from jv.upkeep import registry

        return self.review_interval_months or registry.default_interval_for(type(self))

    def review_due_date(self):
        """The date the next review is due, or None when it was never reviewed (due now)."""
        from jv.upkeep.review import add_months

        if self.last_reviewed is None:
            return None
        return add_months(self.last_reviewed, self.review_interval())


class VerifiableMixin(models.Model):
    """An item whose content holds an unverified default ("te controleren")."""

    needs_verification = models.BooleanField(
        _("to be verified"),
        default=False,
        help_text=_(
            "Tick when this item holds a default or fact that still has to be checked. "
            "It stays on the upkeep dashboard until an editor confirms it."
        ),
    )
    verification_note = models.TextField(
        _("what to verify"), blank=True, help_text=_("What exactly has to be checked, and where.")
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class ChangeNoteMixin(models.Model):
    """The note an editor writes when publishing; copied into "Wat is er nieuw" and then cleared."""

    change_note = models.CharField(
        _("change note"),
        max_length=300,
        blank=True,
        help_text=_(
            "One short sentence for 'What is new', e.g. 'Link to the 2026 report added'. "
            "Leave empty for a plain 'Added' or 'Updated'. Cleared after publishing."
        ),
    )
    change_is_minor = models.BooleanField(
        _("small correction"),
        default=False,
        help_text=_("Tick for a typo or layout fix: this publication is then not listed in 'What is new'."),
    )

    class Meta:
        abstract = True


# Field names the upkeep machinery writes itself (kept in step in revisions too).
REVIEW_FIELDS = ("last_reviewed", "review_interval_months", "review_owner")
VERIFICATION_FIELDS = ("needs_verification", "verification_note", "verified_by", "verified_at")
CHANGE_NOTE_FIELDS = ("change_note", "change_is_minor")


# --------------------------------------------------------------------------------------------
# Bookkeeping tables
# --------------------------------------------------------------------------------------------


class PublishableSnippet(
    PreviewableMixin, WorkflowMixin, DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """Base of every snippet editors publish: preview, the review workflow (Eindredactie), drafts and
    revisions, search, inline children."""

    # The item's revisions as a relation: deleting the item deletes them, and revisions can be
    # filtered by their item under the model's name (``Revision.objects.filter(resource=...)``).
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(class)s",
        for_concrete_model=False,
    )

    class Meta:
        abstract = True


class EditableSnippet(ReviewableMixin, VerifiableMixin, ChangeNoteMixin, VisibilityMixin, PublishableSnippet):
    """Base of the editorial snippets (resources, interventions, guides, organisations, agreements,
    signals): review schedule, "te controleren", a change note for "Wat is er nieuw", visibility,
    and everything of :class:`PublishableSnippet`. One base, so the mixins come in one order.
    """

    class Meta:
        abstract = True


class ChangeEntry(models.Model):
    """One publication of a content item, for "Wat is er nieuw".

    Holds no copy of the item's title or visibility: the page and the feed look up the item
    itself at render time and ask jv.core.visibility whether the caller may see it.
    """

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        UPDATED = "updated", _("Updated")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.UPDATED)
    note = models.CharField(
        _("change note"), max_length=300, blank=True, help_text=_("Empty: 'Added' or 'Updated' is shown.")
    )
    created_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revision_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("change entry")
        verbose_name_plural = _("change entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.content_type.app_label}.{self.content_type.model}:{self.object_id}"

    @property
    def display_note(self) -> str:
        return self.note or str(self.get_kind_display())

    def content_object(self):
        model = self.content_type.model_class()
        if model is None:
            return None
        return model._default_manager.filter(pk=self.object_id).first()

    def admin_object_label(self) -> str:
        obj = self.content_object()
        return str(obj) if obj is not None else _("(removed)")

    admin_object_label.short_description = _("item")


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


class LinkStatus(models.Model):
    """What the link checker found for one external address (shared by all items using it)."""

    class Outcome(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        OK = "ok", _("Works")
        REDIRECT = "redirect", _("Redirected")
        BROKEN = "broken", _("Broken")
        ERROR = "error", _("Unreachable")
        SKIPPED = "skipped", _("Not checked")
        REFUSED = "refused", _("Refused (internal address)")

    FAILING = (Outcome.BROKEN, Outcome.ERROR)

    url = models.TextField(_("address"))
    url_hash = models.CharField(max_length=64, unique=True, editable=False)
    outcome = models.CharField(_("result"), max_length=16, choices=Outcome.choices, default=Outcome.UNCHECKED)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    redirect_status = models.PositiveSmallIntegerField(_("redirect status"), null=True, blank=True)
    redirect_target = models.TextField(_("redirect target"), blank=True)
    method = models.CharField(_("method"), max_length=8, blank=True)
    error = models.TextField(_("error"), blank=True)
    first_failure = models.DateTimeField(_("failing since"), null=True, blank=True)
    failure_count = models.PositiveIntegerField(_("failed checks in a row"), default=0)
    last_checked = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_ok = models.DateTimeField(_("last worked"), null=True, blank=True)
    previous_outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    changed_at = models.DateTimeField(_("result changed at"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("checked link")
        verbose_name_plural = _("checked links")
        ordering = ["url"]

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        self.url_hash = url_hash(self.url)
        super().save(*args, **kwargs)

    @property
    def is_web(self) -> bool:
        """Safe to render as a link in the admin (no javascript: or data: addresses)."""
        return self.url.lower().startswith(("http://", "https://"))

    @property
    def is_failing(self) -> bool:
        return self.outcome in self.FAILING

    @property
    def is_permanent_redirect(self) -> bool:
        return self.outcome == self.Outcome.REDIRECT and self.redirect_status in (301, 308)


class LinkOccurrence(models.Model):
    """Where an external address is used: item and field. Rebuilt by every ``check_links`` run."""

    link = models.ForeignKey(LinkStatus, on_delete=models.CASCADE, related_name="occurrences")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    field = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("link occurrence")
        verbose_name_plural = _("link occurrences")
        constraints = [
            models.UniqueConstraint(
                fields=["link", "content_type", "object_id", "field"], name="upkeep_unique_occurrence"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}:{self.field}"


class VerificationFlag(models.Model):
    """A single field of an item marked "te controleren" (for models without the mixin, or per field).

    Create with :func:`jv.upkeep.verification.flag`; listed until an editor confirms it. Also the
    record of a confirmed part flag (see ``registry.register_part_flags``): ``field`` is then the
    part's key, ``label`` its title, and the row is created already confirmed.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    field = models.CharField(_("field"), max_length=100, blank=True)
    label = models.CharField(
        _("part"), max_length=300, blank=True, help_text=_("For a confirmed part of an item: what the editor read.")
    )
    note = models.TextField(_("what to verify"), blank=True)
    created_at = models.DateTimeField(_("flagged at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("verification flag")
        verbose_name_plural = _("verification flags")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field"],
                condition=models.Q(confirmed_at__isnull=True),
                name="upkeep_one_open_flag_per_field",
            )
        ]

    def __str__(self):
        return f"{self.content_type.app_label}.{self.content_type.model}:{self.object_id} {self.field}"


class ReviewDigest(models.Model):
    """A weekly review digest that was sent; makes ``send_review_digest`` idempotent per ISO week."""

    recipient = models.CharField(max_length=320, help_text="user:<pk> or email:<address>")
    email = models.EmailField()
    iso_year = models.PositiveSmallIntegerField()
    iso_week = models.PositiveSmallIntegerField()
    item_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review digest")
        verbose_name_plural = _("review digests")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "iso_year", "iso_week"], name="upkeep_one_digest_per_week")
        ]

    def __str__(self):
        return f"{self.recipient} {self.iso_year}-W{self.iso_week:02d}"


class LinkCheckRun(models.Model):
    """One run of ``check_links``: shown on the dashboard ("last check")."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    only_due = models.BooleanField(_("only due links"), default=False)
    total = models.PositiveIntegerField(_("links to check"), default=0)
    checked = models.PositiveIntegerField(_("links checked"), default=0)
    failing = models.PositiveIntegerField(_("broken or unreachable"), default=0)
    redirected = models.PositiveIntegerField(_("redirected"), default=0)
    complete = models.BooleanField(_("complete"), default=False)

    class Meta:
        verbose_name = _("link check run")
        verbose_name_plural = _("link check runs")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.checked}/{self.total})"
