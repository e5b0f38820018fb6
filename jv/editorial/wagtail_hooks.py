"""Admin: the review panel on the dashboard; tell the editor about redirects after a slug change."""

from __future__ import annotations

from django.contrib import messages
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from jv.editorial import review, roles
from jv.editorial.signals import public_url, tracks_url


class ReviewPanel(Component):
    """How many items wait for the Eindredactie, for whom; and a warning when nobody reviews."""

    name = "jv_review"
    template_name = "editorial/review_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        user = request.user
        return {
            "to_review": review.waiting_for(user).count(),
            "submitted": review.submitted_by(user).count(),
            "nobody_reviews": not review.reviewers().exists(),
            "may_manage_users": user.has_perm("auth.change_user"),
            "workflow_name": roles.WORKFLOW_NAME,
            "moderators": roles.EINDREDACTEUR,
        }


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    panels.insert(0, ReviewPanel())


# Slug changes: remember the public address before the edit, compare after it.


def _page_url(page):
    from wagtail.models import Page

    fresh = Page.objects.filter(pk=page.pk).first()
    return fresh.specific.get_url() if fresh is not None and fresh.live else None


@hooks.register("before_edit_page")
def remember_page_url(request, page):
    request._jv_old_url = _page_url(page)


@hooks.register("after_edit_page")
def tell_about_page_redirect(request, page):
    _tell(request, getattr(request, "_jv_old_url", None), _page_url(page))


@hooks.register("before_edit_snippet")
def remember_snippet_url(request, instance):
    if tracks_url(type(instance)):
        fresh = type(instance)._default_manager.filter(pk=instance.pk).first()
        request._jv_old_url = public_url(fresh) if fresh is not None else None


@hooks.register("after_edit_snippet")
def tell_about_snippet_redirect(request, instance):
    if tracks_url(type(instance)):
        fresh = type(instance)._default_manager.filter(pk=instance.pk).first()
        _tell(request, getattr(request, "_jv_old_url", None), public_url(fresh) if fresh is not None else None)


def _tell(request, old_url, new_url):
    if old_url and new_url and old_url != new_url:
        messages.info(
            request,
            format_html(
                _("The address changed. The old address {old} now redirects to the new address {new}."),
                old=old_url,
                new=new_url,
            ),
        )


@hooks.register("insert_global_admin_js")
def accessible_names_js():
    from django.templatetags.static import static

    return format_html('<script src="{}"></script>', static("editorial/admin-a11y.js"))
