"""Signal handlers: the first admin reaches review; a changed slug leaves a redirect behind."""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from django.conf import settings
from django.db.models.signals import post_save, pre_save

from jv.editorial import roles

logger = logging.getLogger(__name__)


def connect() -> None:
    post_save.connect(_superuser_reviews, sender=settings.AUTH_USER_MODEL, dispatch_uid="jv-editorial-superuser")
    pre_save.connect(_remember_url, dispatch_uid="jv-editorial-remember-url")
    post_save.connect(_redirect_old_url, dispatch_uid="jv-editorial-redirect-old-url")


def _superuser_reviews(sender, instance, created, raw=False, **kwargs):
    """A superuser created while nobody moderates joins the moderators (Eindredacteur), so the
    review workflow and its e-mail always reach a person (``createsuperuser``, ``make admin``)."""
    if raw or not created or not instance.is_superuser or not instance.is_active:
        return
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=roles.EINDREDACTEUR).first()
    if group is not None and not group.user_set.filter(is_active=True).exclude(pk=instance.pk).exists():
        instance.groups.add(group)


# Redirects for snippets whose public address depends on their slug. Pages are covered by
# Wagtail itself (WAGTAILREDIRECTS_AUTO_CREATE, page_slug_changed).


_TRACKED: dict[type, bool] = {}


def tracks_url(model) -> bool:
    """Snippets with a slug and a public address (``get_url``)."""
    if model not in _TRACKED:
        from wagtail.models import Page
        from wagtail.snippets.models import get_snippet_models

        _TRACKED[model] = (
            not issubclass(model, Page)
            and callable(getattr(model, "get_url", None))
            and any(f.name == "slug" for f in model._meta.concrete_fields)
            and model in get_snippet_models()
        )
    return _TRACKED[model]


def public_url(obj) -> str | None:
    """The address visitors use for ``obj`` now, or None when it is not public (a draft)."""
    if getattr(obj, "live", True) is False:
        return None
    try:
        url = obj.get_url()
    except Exception:  # an address that cannot be built (missing relation) has nothing to redirect
        logger.warning("No public address for %r", obj, exc_info=True)
        return None
    return url or None


def _remember_url(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or not tracks_url(sender):
        return
    if update_fields is not None and "slug" not in update_fields and "live" not in update_fields:
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._jv_old_url = public_url(old) if old is not None else None


def _redirect_old_url(sender, instance, created, raw=False, **kwargs):
    old_url = instance.__dict__.pop("_jv_old_url", None)
    if raw or created or not old_url:
        return
    fresh = sender._default_manager.filter(pk=instance.pk).first()
    new_url = public_url(fresh) if fresh is not None else None
    if new_url and new_url != old_url:
        create_redirect(old_url, new_url)


def create_redirect(old_url: str, new_url: str):
    """A permanent redirect ``old_url`` -> ``new_url``; earlier redirects to ``old_url`` follow along
    and a redirect away from ``new_url`` (a slug changed back) is removed, so there are no loops."""
    from wagtail.contrib.redirects.models import Redirect

    old_link, new_link = urlparse(old_url).path, urlparse(new_url).path
    Redirect.objects.filter(old_path=Redirect.normalise_path(new_link), site=None).delete()
    Redirect.objects.filter(redirect_link=old_link, redirect_page=None).update(redirect_link=new_link)
    redirect, _created = Redirect.objects.update_or_create(
        old_path=Redirect.normalise_path(old_link),
        site=None,
        defaults={
            "redirect_link": new_link,
            "redirect_page": None,
            "is_permanent": True,
            "automatically_created": True,
        },
    )
    return redirect
