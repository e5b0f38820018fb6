"""Admin: the "Onderhoud" menu with the dashboard and the "Wat is er nieuw" entries."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from jv.upkeep import admin_views, verification
from jv.upkeep.models import ChangeEntry


class DashboardViewSet(ViewSet):
    name = "upkeep_dashboard"
    url_prefix = "onderhoud"
    icon = "calendar-check"
    menu_label = _("Dashboard")

    def get_urlpatterns(self):
        return [
            path("", admin_views.DashboardView.as_view(), name="index"),
            path("bevestigen/<int:content_type_id>/<str:object_id>/", admin_views.confirm_item, name="confirm"),
            path("veld-bevestigen/<int:flag_id>/", admin_views.confirm_flag, name="confirm_flag"),
            path("deel-bevestigen/", admin_views.confirm_part, name="confirm_part"),
            path("gecontroleerd/<int:content_type_id>/<str:object_id>/", admin_views.mark_reviewed, name="reviewed"),
        ]


class NoAddPolicy(ModelPermissionPolicy):
    """Change entries come from publications; editors may correct or remove them, not invent them."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "add"])


class ChangeEntryViewSet(ModelViewSet):
    model = ChangeEntry
    name = "upkeep_changes"
    url_prefix = "onderhoud/wat-is-er-nieuw"
    icon = "history"
    menu_label = _("What is new")
    form_fields = ["kind", "note"]
    list_display = ["admin_object_label", "kind", "note", "created_at", "user"]
    list_filter = ["kind"]
    search_fields = ["note"]
    ordering = ["-created_at"]
    inspect_view_enabled = False
    copy_view_enabled = False


register_permission_policy(ChangeEntry, NoAddPolicy(ChangeEntry))


class UpkeepGroup(ViewSetGroup):
    menu_label = _("Upkeep")
    menu_icon = "calendar-check"
    menu_order = 250
    items = (DashboardViewSet, ChangeEntryViewSet)


@hooks.register("register_admin_viewset")
def register_upkeep_viewsets():
    return UpkeepGroup()


@hooks.register("before_edit_snippet")
def remember_part_flags_before_edit(request, instance):
    return verification.remember_parts_before_edit(request, instance)


@hooks.register("after_edit_snippet")
def record_part_flags_unticked_in_edit(request, instance):
    return verification.record_unticked_after_edit(request, instance)


@hooks.register("register_log_actions")
def register_upkeep_log_actions(actions):
    actions.register_action("upkeep.reviewed", _("Marked as reviewed"), _("Marked as reviewed"))
    actions.register_action(
        "upkeep.verified", _("Confirmed (to be verified)"), _("Confirmed: no longer to be verified")
    )
