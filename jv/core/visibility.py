"""The one place that decides who may see what.

Every channel (pages, listings, search, API, sitemap, feeds, PDF, exports) asks this module;
none of them filters on visibility by itself. Deny by default: anything that is not explicitly
public and live is hidden from anonymous visitors.

Access levels: anonymous visitors see public content; network members (any active, signed-in
account; editors and admins are members too) also see members-only content.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Network members only")


def is_member(user) -> bool:
    """True for an active, signed-in account."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


class VisibilityQuerySet(models.QuerySet):
    """Base queryset of models with a visibility field (narrow with ``visible(queryset, user)``)."""


class VisibilityMixin(models.Model):
    """Adds a ``visibility`` field; combine with ``VisibilityQuerySet`` as manager."""

    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_("Members-only items are never shown to visitors who are not signed in."),
    )

    objects = VisibilityQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_members_only(self) -> bool:
        return self.visibility != Visibility.PUBLIC


def visible_related(lookup: str, related, user, to_attr: str | None = None):
    """Prefetch the related objects ``lookup`` narrowed to what ``user`` may see.

    The one rule for related fields (a resource's themes, an organisation's roles, ...): listings
    and API answers never decide at the call site which related objects to show. ``related`` is
    the related model or an (ordered) queryset of it; the result lands in ``obj.<to_attr>``
    (default ``visible_<lookup>``).
    """
    from django.db.models import Prefetch

    queryset = related._default_manager.all() if isinstance(related, type) else related
    return Prefetch(lookup, queryset=visible(queryset, user), to_attr=to_attr or f"visible_{lookup}")


def visible(queryset, user):
    """Narrow ``queryset`` to what ``user`` may see. Works for Wagtail pages and our models."""
    model = queryset.model
    if issubclass(model, Page):
        queryset = queryset.live()
        # A restricted page closes its whole section (itself and what lies below it, by path).
        # Members pass login restrictions; password and group restrictions stay closed.
        member = is_member(user)
        closed = models.Q()
        for section in page_restrictions().sections:
            if not (member and section.login):
                closed |= models.Q(path__startswith=section.path)
        return queryset.exclude(closed) if closed else queryset
    if _has_field(model, "live"):
        queryset = queryset.filter(live=True)
    if _has_field(model, "visibility"):
        if not is_member(user):
            queryset = queryset.filter(visibility=Visibility.PUBLIC)
    elif not is_member(user) and not getattr(model, "always_public", False):
        # Deny by default: a model without a visibility field must opt in to being public.
        return queryset.none()
    return queryset


def can_view(user, obj) -> bool:
    """Single-object check, by the same rules as :func:`visible`."""
    if obj is None:
        return False
    if _is_document(obj):
        return can_download(user, obj)
    model = type(obj)
    if isinstance(obj, Page):
        model = Page
        obj_id = obj.pk
        return visible(Page.objects.filter(pk=obj_id), user).exists()
    return visible(model._default_manager.filter(pk=obj.pk), user).exists()


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist
        return False
    return True


@dataclass(frozen=True)
class RestrictedSection:
    restriction_id: int
    path: str  # the restricted page's tree path: it and every page below it
    login: bool  # a login restriction (members pass); otherwise password or groups


@dataclass(frozen=True)
class PageRestrictions:
    sections: tuple[RestrictedSection, ...]

    @cached_property
    def aliases(self) -> bool:
        """Some page is an alias (it follows its source page's restrictions); asked only by
        :class:`RememberedRestrictionsMixin`, so listings never pay for it."""
        return Page.objects.filter(alias_of__isnull=False).exists()


_REMEMBERED: dict[str, PageRestrictions] = {}


def page_restrictions() -> PageRestrictions:
    """Every page view restriction, read once per content version while serving requests (they
    are content: a change gives a new version). Outside a request, and inside a bulk write (whose
    version changes only at its end), they are read afresh."""
    from jv.core import cache

    if not cache.in_request() or cache.in_bulk_write():
        return _read_restrictions()
    version = cache.content_version()
    known = _REMEMBERED.get(version)
    if known is None:
        known = _read_restrictions()
        _REMEMBERED.clear()
        _REMEMBERED[version] = known
    return known


def _read_restrictions() -> PageRestrictions:
    from wagtail.models import PageViewRestriction

    rows = PageViewRestriction.objects.order_by("pk").values_list("pk", "page__path", "restriction_type")
    return PageRestrictions(
        sections=tuple(RestrictedSection(pk, path, kind == PageViewRestriction.LOGIN) for pk, path, kind in rows)
    )


class RememberedRestrictionsMixin:
    """For page models: Wagtail's ``get_view_restrictions`` (asked on every page view, by its
    ``before_serve_page`` hook) answered from :func:`page_restrictions` instead of two queries.
    Same answer: the restrictions of the page and its ancestors; aliases are left to Wagtail."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        known = page_restrictions()
        if known.aliases or self.alias_of_id:
            return super().get_view_restrictions()
        ids = [section.restriction_id for section in known.sections if self.path.startswith(section.path)]
        return PageViewRestriction.objects.filter(pk__in=ids) if ids else PageViewRestriction.objects.none()


def allowed_levels(user) -> list[str]:
    """Visibility levels ``user`` may see; for stores that keep a copy (search index, caches)."""
    if is_member(user):
        return [Visibility.PUBLIC, Visibility.MEMBERS]
    return [Visibility.PUBLIC]


def level_of(obj) -> str | None:
    """The level an object needs, or None when nobody may see it (draft, unpublished, private).

    Copies of content (search index, exports) store this value and filter on
    :func:`allowed_levels`, so they follow the same rules as live queries.
    """
    if _is_document(obj):
        return document_level(obj)
    if isinstance(obj, Page):
        if not obj.live:
            return None
        restrictions = obj.get_view_restrictions()
        if not restrictions:
            return Visibility.PUBLIC
        from wagtail.models import PageViewRestriction

        if all(r.restriction_type == PageViewRestriction.LOGIN for r in restrictions):
            return Visibility.MEMBERS
        return None
    if _has_field(type(obj), "live") and not obj.live:
        return None
    if _has_field(type(obj), "visibility"):
        return Visibility.PUBLIC if obj.visibility == Visibility.PUBLIC else Visibility.MEMBERS
    return Visibility.PUBLIC if getattr(type(obj), "always_public", False) else Visibility.MEMBERS


def _openness(level) -> int:
    """How many people a level reaches: public 2, members 1, nobody (None) 0."""
    return {Visibility.PUBLIC.value: 2, Visibility.MEMBERS.value: 1}.get(str(level), 0)


def shown_with(owner, related) -> list:
    """The related objects a stored copy of ``owner`` may name (their names, slugs, titles).

    The one rule for copies kept at one level (a search document, its facets and its semantic
    context): a copy never names anything less visible than the owner itself. A public document
    names only public themes, organisers and partners; a members-only one also members-only
    ones; drafts, withdrawn and restricted objects are never named. The search index records what
    a document was built from, so a related object that changes visibility re-indexes it.
    """
    needed = max(_openness(level_of(owner)), 1)
    return [obj for obj in related if obj is not None and _openness(level_of(obj)) >= needed]


# --- Wagtail documents (uploaded files) -------------------------------------------------------
#
# A document has no visibility of its own: it may be downloaded by whoever may see content that
# carries it (a foreign key to the document model from a content model: a resource's file). So a
# file attached to a members-only resource is for members only, and becomes so the moment the
# resource does. A file that no visible content carries (not yet attached, or only to drafts
# and withdrawn items) is for the editors only: deny by default.


def _is_document(obj) -> bool:
    from wagtail.documents import get_document_model

    return isinstance(obj, get_document_model())


def document_attachments(document_model=None) -> list[tuple[type[models.Model], str]]:
    """(content model, field name) for every foreign key from a content model to the document
    model, found by introspection: a new content type with a file field is covered at once."""
    from wagtail.documents import get_document_model

    document_model = document_model or get_document_model()
    found = []
    relations = [f for f in document_model._meta.get_fields(include_hidden=True) if f.auto_created and f.is_relation]
    for relation in relations:
        model = relation.related_model
        if not (relation.one_to_many or relation.one_to_one) or not _is_content_model(model):
            continue
        found.append((model, relation.field.name))
    return found


def _is_content_model(model) -> bool:
    if issubclass(model, Page):
        return True
    return _has_field(model, "visibility") or _has_field(model, "live") or hasattr(model, "always_public")


def _is_editor(user) -> bool:
    return is_member(user) and user.has_perm("wagtailadmin.access_admin")


def can_download(user, document) -> bool:
    """Whether ``user`` may download ``document``: some content carrying it is visible to them
    (by :func:`visible`), or they work in the Wagtail admin (editors manage unattached files)."""
    if document is None:
        return False
    if _is_editor(user):
        return True
    for model, field in document_attachments(type(document)):
        if visible(model._default_manager.filter(**{field: document}), user).exists():
            return True
    return False


def document_level(document) -> str | None:
    """The level a document needs (public, members), or None when no visible content carries it."""
    if can_download(None, document):
        return Visibility.PUBLIC
    member = _AnyMember()
    return Visibility.MEMBERS if can_download(member, document) else None


class _AnyMember:
    """Stands in for "some network member" (signed in, active, no admin access)."""

    is_authenticated = True
    is_active = True

    def has_perm(self, perm, obj=None) -> bool:
        return False
