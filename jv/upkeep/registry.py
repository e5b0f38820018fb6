"""Which content the upkeep machinery covers, and how. Modules plug in here.

One call in a module's ``AppConfig.ready()`` covers a content model for every upkeep feature::

    from jv.upkeep import registry as upkeep

    upkeep.register(
        Intervention,
        label=_("Intervention"),            # shown on the dashboard, in digests and "Wat is er nieuw"
        default_interval_months=12,         # review interval when the item sets none
        url_fields=["website"],             # plain text fields holding a URL (URLFields are found by themselves)
        themes=lambda obj: obj.themes.all(),  # theme pages the item belongs to ("Wat is er nieuw" per theme)
        prefetch=["themes"],                # what to prefetch when listing many items at once
    )

What a model gets depends on the mixins it inherits (``jv.upkeep.models``):

- ``ReviewableMixin``: review schedule (dashboard, weekly digest, "laatst gecontroleerd op").
- ``VerifiableMixin``: "te controleren" list with a confirm action.
- ``ChangeNoteMixin``: an entry in "Wat is er nieuw" on every publication (Wagtail ``published``
  signal for pages and ``DraftStateMixin`` models; ``post_save`` for other models).
- Always: the link checker scans ``url_fields``, every ``URLField``, ``RichTextField`` and
  ``StreamField`` (rich text and URL blocks), and ``export_content`` / ``import_content`` include
  the model (pass ``export=False`` to leave it out).

Wagtail page models need no call at all: every page type is covered automatically (links, export,
and the features of the mixins it inherits). Call ``register`` for a page model only to add
``themes`` or a label.

Flags on *parts* of an item ("te controleren" on one step of a guide, one role of an
organisation, an area of the monitor) are listed on the dashboard through
``register_part_flags(name, model, collect=..., clear=...)``: the module says how to find them and
how to switch one off; the upkeep app lists them, confirms them (who, when) and never imports the
module itself.

The module that owns theme pages registers them once with ``register_themes(queryset)``, so
"Wat is er nieuw" can filter per theme without importing that module.

Models that only need to be in the backup (join tables with their own ``through`` model, tags,
lookup tables) use ``register_exportable(Model)``. Work that must follow a restore (rebuilding a
search index) goes in ``register_post_import(callable)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils.text import capfirst

from jv.core import cache

_SPECS: dict[type, Spec] = {}
_EXPORTS: dict[type, Exportable] = {}
_POST_IMPORT: list[Callable[[], Any]] = []
_THEMES: list[Callable[[], Any]] = []
_PART_FLAGS: dict[str, PartFlagSource] = {}
_cache: dict[str, Any] = {}


@dataclass
class Spec:
    """How upkeep treats one content model."""

    model: type
    label: Any = None
    default_interval_months: int | None = None
    url_fields: tuple[str, ...] = ()
    themes: Callable | None = None
    prefetch: tuple[str, ...] = ()
    public_url: Callable | None = None
    track_changes: bool | None = None
    links: bool = True
    export: bool = True

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    def get_label(self) -> str:
        return str(self.label) if self.label else capfirst(str(self.model._meta.verbose_name))

    @property
    def is_page(self) -> bool:
        from wagtail.models import Page

        return issubclass(self.model, Page)

    @property
    def reviewable(self) -> bool:
        from jv.upkeep.models import ReviewableMixin

        return issubclass(self.model, ReviewableMixin)

    @property
    def verifiable(self) -> bool:
        from jv.upkeep.models import VerifiableMixin

        return issubclass(self.model, VerifiableMixin)

    @property
    def tracks_changes(self) -> bool:
        from jv.upkeep.models import ChangeNoteMixin

        if self.track_changes is not None:
            return self.track_changes
        return issubclass(self.model, ChangeNoteMixin)

    @property
    def uses_publish_signal(self) -> bool:
        from wagtail.models import DraftStateMixin

        return issubclass(self.model, DraftStateMixin)

    def interval_months(self) -> int:
        overrides = settings.UPKEEP_REVIEW_INTERVALS or {}
        if self.key in overrides:
            return overrides[self.key]
        if self.default_interval_months:
            return self.default_interval_months
        return settings.UPKEEP_REVIEW_DEFAULT_MONTHS

    def base_queryset(self):
        """Items that exist for visitors: live ones for models with a draft state."""
        qs = self.model._default_manager.all()
        if _has_field(self.model, "live"):
            qs = qs.filter(live=True)
        return qs

    def url(self, obj) -> str | None:
        """Public URL of ``obj`` (relative), or None."""
        if self.public_url is not None:
            return self.public_url(obj)
        for name in ("get_url", "get_absolute_url"):
            method = getattr(obj, name, None)
            if callable(method):
                try:
                    return method()
                except Exception:  # noqa: BLE001 - a page outside any site has no URL
                    return None
        return None

    def theme_ids(self, obj) -> set[int]:
        if self.themes is None:
            return set()
        result = set()
        for theme in self.themes(obj) or ():
            result.add(theme if isinstance(theme, int) else theme.pk)
        return result


@dataclass
class Exportable:
    model: type
    order: int = 100
    queryset: Callable | None = None
    builtin: bool = False

    def get_queryset(self):
        if self.queryset is not None:
            return self.queryset()
        return self.model._base_manager.all()


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist
        return False
    return True


def register(
    model,
    *,
    label=None,
    default_interval_months: int | None = None,
    url_fields: Iterable[str] = (),
    themes: Callable | None = None,
    prefetch: Iterable[str] = (),
    public_url: Callable | None = None,
    track_changes: bool | None = None,
    links: bool = True,
    export: bool = True,
    export_order: int = 100,
) -> Spec:
    """Cover ``model`` by the upkeep machinery (see the module docstring)."""
    for name in url_fields:
        if not _has_field(model, name):
            raise ValueError(f"{model._meta.label} has no field {name!r} (url_fields)")
    spec = Spec(
        model=model,
        label=label,
        default_interval_months=default_interval_months,
        url_fields=tuple(url_fields),
        themes=themes,
        prefetch=tuple(prefetch),
        public_url=public_url,
        track_changes=track_changes,
        links=links,
        export=export,
    )
    _SPECS[model] = spec
    from wagtail.models import Page

    cache.watch_model(model)  # content: its changes give the content a new version (caches)

    if export and not issubclass(model, Page):
        register_exportable(model, order=export_order)
    elif not export:
        _EXPORTS.pop(model, None)
    _cache.clear()
    return spec


def register_exportable(model, order: int = 100, queryset: Callable | None = None, builtin: bool = False) -> None:
    """Include ``model`` in ``export_content`` / ``import_content`` (all rows unless ``queryset``).

    A module's exportable models are content: their changes give the content a new version
    (``jv.core.cache``). Wagtail's and upkeep's own tables (``builtin``) are not all content
    (revisions, link statuses); the content among them is watched by the core.
    """
    if not builtin:
        cache.watch_model(model)
    _EXPORTS[model] = Exportable(model=model, order=order, queryset=queryset, builtin=builtin)
    _cache.clear()


def register_themes(queryset: Callable[[], Any]) -> None:
    """The module that owns theme pages says where they are: ``queryset()`` returns all of them.

    "Wat is er nieuw" filters per theme with it; upkeep itself imports no content module.
    """
    _THEMES[:] = [queryset]


def theme_queryset():
    """All theme pages (unfiltered), or None when no module registered themes."""
    return _THEMES[0]() if _THEMES else None


def register_post_import(func: Callable[[], Any]) -> None:
    """Call ``func()`` after a successful ``import_content`` (inside the same transaction)."""
    if func not in _POST_IMPORT:
        _POST_IMPORT.append(func)


@dataclass(frozen=True)
class PartFlag:
    """One "te controleren" flag on a part of an item (a step, a role, a single row of reference data).

    ``obj`` is the item whose edit form fixes the part: the dashboard links to its edit view, and
    only editors who may change ``obj`` see and confirm the flag. ``key`` names the part within
    ``obj`` (at most 100 characters, stable while the part exists); ``title`` is what the editor
    reads, e.g. "Routekaart X, stap Y".
    """

    obj: Any
    key: str
    title: str
    note: str = ""


@dataclass
class PartFlagSource:
    name: str
    model: type
    collect: Callable[[Any], Iterable[PartFlag]]
    clear: Callable[[Any, str], bool]
    candidates: Callable[[], Any] | None = None
    label: Any = None
    present: Callable[[Any, str], bool] | None = None

    def get_candidates(self):
        if self.candidates is not None:
            return self.candidates()
        return self.model._default_manager.all()

    def get_label(self) -> str:
        return str(self.label) if self.label else capfirst(str(self.model._meta.verbose_name))


def register_part_flags(
    name: str,
    model,
    *,
    collect: Callable[[Any], Iterable[PartFlag]],
    clear: Callable[[Any, str], bool],
    candidates: Callable[[], Any] | None = None,
    label=None,
    present: Callable[[Any, str], bool] | None = None,
) -> PartFlagSource:
    """List the "te controleren" flags on parts of ``model``'s items on the upkeep dashboard.

    - ``collect(queryset)`` yields a :class:`PartFlag` for every flag that is on in the given items
      (the queryset is already narrowed to what the editor may change);
    - ``clear(obj, key)`` switches that flag off in the stored data (row and, for items with
      revisions, the live and latest revision) and returns False when it was not on;
    - ``candidates()`` (optional) narrows the items worth looking at, e.g. ``filter(to_verify=True)``;
    - ``present(obj, key)`` (optional, for models with revisions) says whether the part still exists
      after a publication: a box that an editor unticked in the edit form (the part is still there)
      is then recorded as confirmed by the publishing user; a removed part is not.

    ``name`` identifies the source in the confirm action (e.g. ``"guides.parts"``).
    """
    source = PartFlagSource(
        name=name, model=model, collect=collect, clear=clear, candidates=candidates, label=label, present=present
    )
    _PART_FLAGS[name] = source
    return source


def part_flag_sources() -> list[PartFlagSource]:
    return sorted(_PART_FLAGS.values(), key=lambda s: s.name)


def part_flag_source(name: str) -> PartFlagSource | None:
    return _PART_FLAGS.get(name)


def post_import_hooks() -> list[Callable[[], Any]]:
    return list(_POST_IMPORT)


def default_interval_for(model) -> int:
    spec = spec_for(model)
    if spec is None:
        return settings.UPKEEP_REVIEW_DEFAULT_MONTHS
    return spec.interval_months()


# --------------------------------------------------------------------------------------------
# Lookups
# --------------------------------------------------------------------------------------------


def all_specs() -> list[Spec]:
    """Explicit registrations plus every page model and every model using an upkeep mixin."""
    if "specs" in _cache:
        return _cache["specs"]
    from wagtail.models import Page

    from jv.upkeep.models import ChangeNoteMixin, ReviewableMixin, VerifiableMixin

    specs = dict(_SPECS)
    for model in apps.get_models():
        if model in specs or model._meta.abstract or model._meta.proxy:
            continue
        if (issubclass(model, Page) and model is not Page) or issubclass(
            model, (ReviewableMixin, VerifiableMixin, ChangeNoteMixin)
        ):
            specs[model] = Spec(model=model)
    result = sorted(specs.values(), key=lambda s: s.key)
    _cache["specs"] = result
    return result


def spec_for(model) -> Spec | None:
    if model is None:
        return None
    for spec in all_specs():
        if spec.model is model:
            return spec
    return None


def reviewable_specs() -> list[Spec]:
    return [s for s in all_specs() if s.reviewable]


def verifiable_specs() -> list[Spec]:
    return [s for s in all_specs() if s.verifiable]


def link_specs() -> list[Spec]:
    return [s for s in all_specs() if s.links]


def exportables() -> list[Exportable]:
    """Everything ``export_content`` writes, in a stable order."""
    if "exports" in _cache:
        return _cache["exports"]
    from modelcluster.models import get_all_child_relations
    from wagtail.models import Page

    found: dict[type, Exportable] = {}
    for exportable in _EXPORTS.values():
        found[exportable.model] = exportable
    # Every page type, and the inline children (ParentalKey) of pages and registered models.
    page_models = [m for m in apps.get_models() if issubclass(m, Page) and not m._meta.proxy]
    for model in page_models:
        if model is not Page and model not in found:
            found[model] = Exportable(model=model, order=11, builtin=True)
    for model in list(found):
        if not (issubclass(model, Page) or _is_cluster(model)):
            continue
        for relation in get_all_child_relations(model):
            child = relation.related_model
            if child._meta.app_label == "wagtailcore" or child in found:
                continue
            found[child] = Exportable(model=child, order=found[model].order + 1)
    result = sorted(found.values(), key=lambda e: (e.order, e.model._meta.label_lower))
    _cache["exports"] = result
    return result


def _is_cluster(model) -> bool:
    from modelcluster.models import ClusterableModel

    return issubclass(model, ClusterableModel)


def register_builtin() -> None:
    """Wagtail's own editorial tables and this app's data (called from UpkeepConfig.ready)."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, Locale, Page, PageViewRestriction, Revision, Site

    from jv.upkeep import models as m

    register_exportable(Locale, order=1, builtin=True)
    register_exportable(Collection, order=2, builtin=True)
    register_exportable(Revision, order=5, builtin=True, queryset=_revisions_to_export)
    register_exportable(Page, order=10, builtin=True)
    register_exportable(PageViewRestriction, order=20, builtin=True)
    register_exportable(Site, order=21, builtin=True)
    register_exportable(Redirect, order=22, builtin=True)
    register_exportable(get_document_model(), order=30, builtin=True)
    register_exportable(get_image_model(), order=31, builtin=True)
    from taggit.models import Tag, TaggedItem

    register_exportable(Tag, order=32, builtin=True)
    register_exportable(TaggedItem, order=33, builtin=True)
    register_exportable(m.ChangeEntry, order=900, builtin=True)
    cache.watch_model(m.ChangeEntry)  # "Wat is er nieuw" shows the entries
    register_exportable(m.VerificationFlag, order=901, builtin=True)
    register_exportable(m.LinkStatus, order=902, builtin=True)
    register_exportable(m.LinkOccurrence, order=903, builtin=True)


def _revisions_to_export():
    """Only the live and the latest revision of every exported item: drafts survive a restore,
    the full history stays in the database backup (pg_dump)."""
    from wagtail.models import DraftStateMixin, Page, Revision, RevisionMixin

    ids: set[int] = set()
    for exportable in exportables():
        model = exportable.model
        if not issubclass(model, RevisionMixin) or issubclass(model, Page):
            continue
        fields = ["latest_revision_id"]
        if issubclass(model, DraftStateMixin):
            fields.append("live_revision_id")
        for row in model._base_manager.values_list(*fields):
            ids.update(pk for pk in row if pk)
    for row in Page.objects.filter(depth__gt=1).values_list("latest_revision_id", "live_revision_id"):
        ids.update(pk for pk in row if pk)
    return Revision.objects.filter(pk__in=ids)
