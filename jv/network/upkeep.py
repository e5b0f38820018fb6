"""Upkeep: the "te controleren" box of single roles (``OrganisationRole.to_verify``).

An organisation has a flag of its own (``needs_verification``, the upkeep mixin); each of its roles
per theme has one more. The roles are edited inside the organisation's form (inline panel) and
stored in its revisions, so the dashboard links to the organisation, and confirming switches the
box off in the row and in the organisation's live and latest revision. Registered from
``NetworkConfig.ready``; the key of a role is ``role:<pk>``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jv.upkeep.bookkeeping import edit_revisions
from jv.upkeep.registry import PartFlag


def role_title(role) -> str:
    if role.theme_id:
        return _("Role of %(organisation)s in theme %(theme)s") % {
            "organisation": role.organisation.name,
            "theme": role.theme.title,
        }
    return _("General role of %(organisation)s") % {"organisation": role.organisation.name}


def candidates():
    from jv.network.models import Organisation

    return Organisation.objects.filter(roles__to_verify=True).distinct()


def collect(queryset):
    from jv.network.models import OrganisationRole

    roles = (
        OrganisationRole.objects.filter(organisation__in=queryset.values("pk"), to_verify=True)
        .select_related("organisation", "theme")
        .order_by("organisation__name", "sort_order", "pk")
    )
    for role in roles:
        yield PartFlag(obj=role.organisation, key=f"role:{role.pk}", title=role_title(role), note=role.role)


def clear(organisation, key: str) -> bool:
    from jv.core import cache
    from jv.network.models import OrganisationRole

    kind, _sep, pk = key.partition(":")
    if kind != "role" or not pk.isdigit():
        return False
    if not OrganisationRole.objects.filter(pk=int(pk), organisation=organisation, to_verify=True).update(
        to_verify=False
    ):
        return False

    def change(content: dict) -> bool:
        changed = False
        for role in content.get("roles") or []:
            if isinstance(role, dict) and str(role.get("pk")) == pk and role.get("to_verify"):
                role["to_verify"] = False
                changed = True
        return changed

    edit_revisions(organisation, change)
    cache.bump()
    return True


def present(organisation, key: str) -> bool:
    """Whether the role named ``key`` still belongs to ``organisation`` (after a publication)."""
    from jv.network.models import OrganisationRole

    kind, _sep, pk = key.partition(":")
    return (
        kind == "role"
        and pk.isdigit()
        and OrganisationRole.objects.filter(pk=int(pk), organisation=organisation).exists()
    )


def register() -> None:
    from jv.network.models import Organisation
    from jv.upkeep import registry

    registry.register_part_flags(
        "network.roles",
        Organisation,
        collect=collect,
        clear=clear,
        candidates=candidates,
        label=gettext_lazy("Organisation"),
        present=present,
    )
