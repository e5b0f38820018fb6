"""Who may act on what in the upkeep admin: the same rules as Wagtail's own edit views."""

from __future__ import annotations

from django.contrib.auth import get_permission_codename
from wagtail.models import Page


def _model_perm(user, model, action: str = "change") -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")


def editable_filter(queryset, user):
    """``queryset`` narrowed to the items ``user`` may change; None when that is nothing at all."""
    if user is None or not user.is_active:
        return None
    if user.is_superuser:
        return queryset
    model = queryset.model
    if issubclass(model, Page):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
        return queryset.filter(pk__in=editable.values("pk"))
    if _model_perm(user, model):
        return queryset
    return None


def can_edit(user, obj) -> bool:
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    return _model_perm(user, type(obj))
