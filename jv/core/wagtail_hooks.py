"""Wagtail hooks of the shared core: document downloads follow the one visibility module."""

from django.http import Http404
from wagtail import hooks

from jv.core.visibility import can_view


@hooks.register("before_serve_document")
def only_documents_the_user_may_see(document, request):
    """A file carried only by members-only content is for members; one carried by no visible
    content only for editors. Anything else answers 404, as a hidden page does (nothing leaks)."""
    if not can_view(request.user, document):
        raise Http404
