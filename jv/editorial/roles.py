"""The three editorial roles shipped with the platform, as data.

``REDACTEUR`` writes and submits everything editorial, ``EINDREDACTEUR`` (the moderators) also
approves, publishes and deletes, ``BEHEERDER`` manages users, groups, sites, workflows and
redirects. A person may hold several roles. The groups are created (and Wagtail's "Editors" and
"Moderators" renamed) by the migration ``editorial/0001_roles``; the permissions below are what
that migration grants. A later change to a role needs a new data migration that calls
:func:`apply` with the changed part, so installations that changed a group by hand are only
touched where the platform changed.

The Dutch manual (docs/beheerhandleiding/rollen.md) lists the same table for people.
"""

from __future__ import annotations

REDACTEUR = "Redacteur"
EINDREDACTEUR = "Eindredacteur"
BEHEERDER = "Beheerder"
ROLES = (REDACTEUR, EINDREDACTEUR, BEHEERDER)

# The Wagtail workflow every page and editorial snippet goes through, and its one task.
WORKFLOW_NAME = "Eindredactie"

# Snippets with drafts and workflows: the editor writes and submits, the moderator publishes.
DRAFTED = (
    "dossier.resource",
    "interventions.intervention",
    "guides.guide",
    "network.organisation",
    "network.event",
    "region.gemeente",
    "region.agreement",
    "region.signal",
)
LOCKABLE = ("guides.guide",)
# Editorial models without drafts: a change is live at once, so the editor maintains them fully
# except deleting, which stays with the moderators.
DIRECT = (
    "interventions.factor",
    "interventions.qualitywarning",
    "network.contact",
    "monitor.figure",
    "monitor.contextfigure",
)
# Reference data editors read (choosers, lists) but a moderator maintains.
REFERENCE = ("monitor.area", "monitor.indicator")


def _model_perms() -> dict[str, dict[str, tuple[str, ...]]]:
    editor: dict[str, tuple[str, ...]] = {}
    moderator: dict[str, tuple[str, ...]] = {}
    for label in DRAFTED:
        editor[label] = ("add", "change", "view")
        moderator[label] = ("add", "change", "view", "delete", "publish")
    for label in LOCKABLE:
        editor[label] += ("lock",)
        moderator[label] += ("lock", "unlock")
    for label in DIRECT:
        editor[label] = ("add", "change", "view")
        moderator[label] = ("add", "change", "view", "delete")
    for label in REFERENCE:
        editor[label] = ("view",)
        moderator[label] = ("add", "change", "view")
    editor["search.synonym"] = moderator["search.synonym"] = ("add", "change", "view", "delete")
    editor["upkeep.changeentry"] = moderator["upkeep.changeentry"] = ("change", "view", "delete")
    # Documents and images: model permissions as Wagtail's own groups have them; what counts is
    # the collection permission on the root collection (COLLECTION_PERMS).
    for label in ("wagtaildocs.document", "wagtailimages.image"):
        editor[label] = moderator[label] = ("add", "change", "choose", "delete")
    moderator["region.varquestion"] = ("change", "view", "delete")
    moderator["wagtailredirects.redirect"] = ("add", "change", "view", "delete")
    admin = {
        "auth.user": ("add", "change", "view", "delete"),
        "auth.group": ("add", "change", "view", "delete"),
        "wagtailcore.site": ("add", "change", "view", "delete"),
        "wagtailcore.collection": ("add", "change", "view", "delete"),
        "wagtailcore.workflow": ("add", "change", "view", "delete"),
        "wagtailcore.task": ("add", "change", "view", "delete"),
        "wagtailredirects.redirect": ("add", "change", "view", "delete"),
        "region.varquestion": ("change", "view", "delete"),
    }
    return {REDACTEUR: editor, EINDREDACTEUR: moderator, BEHEERDER: admin}


MODEL_PERMS = _model_perms()
ADMIN_ACCESS = {REDACTEUR: True, EINDREDACTEUR: True, BEHEERDER: True}
# Page permissions on the root page (so on every page).
PAGE_PERMS = {
    REDACTEUR: ("add_page", "change_page", "lock_page"),
    EINDREDACTEUR: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"),
    BEHEERDER: (),
}
COLLECTION_PERMS = {
    REDACTEUR: ("add_document", "change_document", "choose_document", "add_image", "change_image", "choose_image"),
    EINDREDACTEUR: ("add_document", "change_document", "choose_document", "add_image", "change_image", "choose_image"),
    BEHEERDER: (),
}


def _permission(apps, label: str, action: str):
    """The permission ``<action>_<model>`` of ``label``, created when missing: Django and Wagtail
    create permissions only after all migrations ran (Wagtail's publish/lock permissions of
    snippets included), so a fresh database does not have them yet here."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    app_label, model = label.split(".")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {model}"},
    )
    return permission


def apply(apps, roles=ROLES, model_perms=None, page_perms=None, collection_perms=None) -> None:
    """Create the role groups and grant them their permissions (additive: nothing is taken away)."""
    model_perms = MODEL_PERMS if model_perms is None else model_perms
    page_perms = PAGE_PERMS if page_perms is None else page_perms
    collection_perms = COLLECTION_PERMS if collection_perms is None else collection_perms
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    for role in roles:
        group, _created = Group.objects.get_or_create(name=role)
        permissions = [
            _permission(apps, label, action)
            for label, actions in model_perms.get(role, {}).items()
            for action in actions
        ]
        if ADMIN_ACCESS.get(role):
            permissions.append(_permission(apps, "wagtailadmin.admin", "access"))
        group.permissions.add(*permissions)
        if root_page is not None:
            for codename in page_perms.get(role, ()):
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=_permission(apps, "wagtailcore.page", codename.rsplit("_", 1)[0]),
                )
        if root_collection is not None:
            for codename in collection_perms.get(role, ()):
                action, model = codename.split("_", 1)
                app = "wagtaildocs" if model == "document" else "wagtailimages"
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(apps, f"{app}.{model}", action)
                )
