"""Load the starter content from the versioned YAML files in ``content/starter/``.

Idempotent: every object is matched on its slug. Missing objects are created and published;
existing ones are left exactly as they are (an editor's work is never overwritten) unless
``update=True``, which writes the files' version as a new published revision where it differs.
The whole load runs in one transaction: a broken file changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from jv.core.starter import StarterErrors, parse_date, read_yaml
from jv.core.visibility import Visibility
from jv.dossier.models import HomePage, IntroPage, Resource, ThemeIndexPage, ThemePage
from jv.upkeep.changes import suppressed as no_change_entries
from jv.upkeep.verification import verification_text

STARTER_DIR = settings.BASE_DIR / "content" / "starter"


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)

    def add(self, kind: str, outcome: str) -> None:
        self.counts[f"{kind}:{outcome}"] += 1

    def total(self, outcome: str) -> int:
        return sum(n for key, n in self.counts.items() if key.endswith(":" + outcome))

    def summary(self) -> str:
        return ", ".join(f"{key} {n}" for key, n in sorted(self.counts.items())) or "nothing"


def _publish(page_or_obj, user=None):
    revision = page_or_obj.save_revision(user=user, log_action=True)
    revision.publish(user=user)


def _sync_page(
    parent: Page,
    model,
    slug: str,
    fields: dict,
    update: bool,
    report: LoadReport,
    kind: str,
    on_create: dict | None = None,
):
    """``on_create``: upkeep bookkeeping (review date, "te controleren") set only on a new page."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is None:
        page = model(slug=slug, **fields, **(on_create or {}))
        parent.add_child(instance=page)
        _publish(page)
        report.add(kind, "created")
        return page
    if update and any(_differs(getattr(existing, k), v) for k, v in fields.items()):
        for key, value in fields.items():
            setattr(existing, key, value)
        _publish(existing)
        report.add(kind, "updated")
    else:
        report.add(kind, "unchanged")
    return existing


def _differs(current, new) -> bool:
    if hasattr(current, "raw_data"):  # StreamValue
        current_blocks = [(b["type"], b["value"]) for b in current.raw_data]
        return current_blocks != [(b["type"], b["value"]) for b in new]
    return current != new


def _ensure_root() -> Page:
    """Wagtail's tree root and default locale, which its migrations create; a database that
    was emptied afterwards (``flush``, as transactional tests do) has neither."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def _ensure_home(data: dict, update: bool, report: LoadReport) -> HomePage:
    home = HomePage.objects.first()
    fields = {"title": data["title"], "intro": data.get("intro", "")}
    root = _ensure_root()
    if home is None:
        # Replace Wagtail's placeholder welcome page (and the site pointing at it) by our home page.
        site = Site.objects.filter(is_default_site=True).first()
        hostname, port = (site.hostname, site.port) if site else ("localhost", 80)
        placeholders = Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore")
        for placeholder in placeholders:
            if not placeholder.get_children().exists():
                Site.objects.filter(root_page=placeholder).delete()
                placeholder.delete()
        root.refresh_from_db()
        home = HomePage(slug="home", **fields)
        root.add_child(instance=home)
        _publish(home)
        Site.objects.update_or_create(
            hostname=hostname,
            port=port,
            defaults={"root_page": home, "is_default_site": True, "site_name": settings.WAGTAIL_SITE_NAME},
        )
        report.add("home", "created")
    elif update and any(_differs(getattr(home, k), v) for k, v in fields.items()):
        for key, value in fields.items():
            setattr(home, key, value)
        _publish(home)
        report.add("home", "updated")
    else:
        report.add("home", "unchanged")
    return home


def _validate_resources(resources: list[dict], theme_slugs: set[str]) -> None:
    check = StarterErrors()
    seen = set()
    kinds = set(Resource.Kind.values)
    scopes = set(Resource.Scope.values)
    for where, item in check.items("resources.yaml", resources, ("slug", "title", "kind", "scope"), seen=seen):
        if item.get("kind") not in kinds:
            check.add(where, f"onbekende soort '{item.get('kind')}'")
        if item.get("scope") not in scopes:
            check.add(where, f"onbekend aanbod '{item.get('scope')}'")
        check.visibility(item, where)
        check.references(item.get("themes"), theme_slugs, where, "onbekend thema")
    check.raise_if_any()


def _page_upkeep(item: dict, where: str) -> dict:
    values = {"last_reviewed": parse_date(item.get("last_reviewed"), where)}
    note = (item.get("verification_note") or "").strip()
    if note:
        values.update(needs_verification=True, verification_note=note)
    return values


@transaction.atomic
def load_starter_content(directory: Path = STARTER_DIR, update: bool = False) -> LoadReport:
    # Loading the starter content is not news: no entries in "Wat is er nieuw".
    with no_change_entries():
        return _load(directory, update)


def _load(directory: Path, update: bool) -> LoadReport:
    report = LoadReport()
    home_data = read_yaml(directory, "home.yaml")
    intro_data = read_yaml(directory, "intro_pages.yaml") or []
    theme_data = read_yaml(directory, "themes.yaml") or []
    resource_data = read_yaml(directory, "resources.yaml") or []
    _validate_resources(resource_data, {t["slug"] for t in theme_data})

    home = _ensure_home(home_data, update, report)
    for item in intro_data:
        _sync_page(
            home,
            IntroPage,
            item["slug"],
            {"title": item["title"], "summary": item.get("summary", ""), "body": item.get("body", [])},
            update,
            report,
            "intro",
            on_create=_page_upkeep(item, f"intro page {item['slug']}"),
        )
    theme_index = _sync_page(
        home,
        ThemeIndexPage,
        "themas",
        {"title": "Thema's", "intro": home_data.get("themes_intro", "")},
        update,
        report,
        "theme_index",
    )
    themes = {}
    for item in theme_data:
        themes[item["slug"]] = _sync_page(
            theme_index,
            ThemePage,
            item["slug"],
            {
                "title": item["title"],
                "summary": item.get("summary", ""),
                "context": item.get("context", ""),
                "role_municipality": item.get("role_municipality", ""),
            },
            update,
            report,
            "theme",
            on_create=_page_upkeep(item, f"theme {item['slug']}"),
        )
    for item in resource_data:
        _sync_resource(item, themes, update, report)
    return report


def _sync_resource(item: dict, themes: dict, update: bool, report: LoadReport) -> None:
    fields = {
        "title": item["title"],
        "kind": item["kind"],
        "provider": item.get("provider", ""),
        "scope": item["scope"],
        "url": item.get("url", ""),
        "summary": (item.get("summary") or "").strip(),
        "audience": item.get("audience", ""),
        "visibility": item.get("visibility", Visibility.PUBLIC),
        "requires_login": bool(item.get("requires_login", False)),
        "last_reviewed": parse_date(item.get("last_reviewed"), f"resource {item['slug']}"),
        "note": (item.get("note") or "").strip(),
    }
    theme_pages = [themes[slug] for slug in item.get("themes") or []]
    to_verify = verification_text(fields["note"])
    resource = Resource.objects.filter(slug=item["slug"]).first()
    if resource is None:
        resource = Resource(slug=item["slug"], **fields)
        if to_verify:
            resource.needs_verification = True
            resource.verification_note = to_verify
        resource.save()
        resource.themes.set(theme_pages)
        resource.save()
        _publish(resource)
        report.add("resource", "created")
        return
    current_themes = {t.pk for t in resource.themes.all()}
    changed = any(_differs(getattr(resource, k), v) for k, v in fields.items()) or current_themes != {
        t.pk for t in theme_pages
    }
    if update and changed:
        if to_verify and fields["note"] != resource.note:
            # A new "te controleren" note in the files: back on the list, even if confirmed before.
            resource.needs_verification = True
            resource.verification_note = to_verify
        for key, value in fields.items():
            setattr(resource, key, value)
        resource.themes.set(theme_pages)
        resource.save()
        _publish(resource)
        report.add("resource", "updated")
    else:
        report.add("resource", "unchanged")
