"""Who waits for review, and whether anybody will do it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import TaskState, WorkflowState

from jv.editorial import roles


def reviewers():
    """Active users who receive and can act on review requests (the Eindredacteur group)."""
    return get_user_model().objects.filter(is_active=True, groups__name=roles.EINDREDACTEUR).distinct()


def waiting_for(user):
    """Task states ``user`` may approve or reject now (Wagtail's own rule)."""
    return TaskState.objects.reviewable_by(user)


def submitted_by(user):
    """Workflows ``user`` started that wait for review."""
    return WorkflowState.objects.active().filter(Q(requested_by=user))
