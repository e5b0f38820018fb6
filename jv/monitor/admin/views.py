"""Wagtail admin: import half-year figures in one step, with a preview before anything is saved."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from jv.monitor import importing
from jv.monitor.forms import ImportUploadForm
from jv.monitor.models import ImportRecord, PendingImport

PREVIEW_ROWS = 200
PENDING_LIFETIME = datetime.timedelta(hours=24)


def _check(request):
    if not request.user.has_perm("monitor.add_figure"):
        raise PermissionDenied


class BoundedMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps an upload in memory only (never a temporary file on disk) and stops reading it past
    ``importing.MAX_BYTES``: an oversized file is cut off while it arrives, not after."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Always in memory; the limit below bounds the memory used.
        self.activated = True

    def new_file(self, *args, **kwargs):
        self.received = 0
        super().new_file(*args, **kwargs)  # raises StopFutureHandlers: the file is ours

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > importing.MAX_BYTES:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


@method_decorator(csrf_exempt, name="dispatch")  # CSRF is checked in dispatch, after the upload handler is set
class ImportView(WagtailAdminTemplateMixin, View):
    page_title = gettext_lazy("Import monitor figures")
    header_icon = "upload"
    template_name = "monitor/admin/import.html"

    def dispatch(self, request, *args, **kwargs):
        _check(request)
        handler = BoundedMemoryUploadHandler(request)
        request.upload_handlers = [handler]
        request._import_upload_handler = handler
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def render(self, request, status=200, **context):
        context = {**self.get_context_data(), **context}
        context.setdefault("recent", ImportRecord.objects.select_related("user")[:20])
        return TemplateResponse(request, self.template_name, context, status=status)

    def get(self, request):
        PendingImport.objects.filter(uploaded_at__lt=timezone.now() - PENDING_LIFETIME).delete()
        return self.render(request, form=ImportUploadForm())

    def post(self, request):
        action = request.POST.get("action", "upload")
        if action in ("confirm", "cancel"):
            return self.finish(request, action)
        form = ImportUploadForm(request.POST, request.FILES)
        if getattr(request._import_upload_handler, "too_large", False):
            form.is_valid()  # the file was cut off while arriving: say why instead of "required"
            form.errors["file"] = form.error_class(
                [_("The file is larger than %(size)s MB.") % {"size": importing.MAX_BYTES // (1024 * 1024)}]
            )
            return self.render(request, form=form, status=400)
        if not form.is_valid():
            return self.render(request, form=form, status=400)
        upload = form.cleaned_data["file"]
        data = upload.read()
        filename = upload.name[:255]
        result = importing.plan(importing.parse_file(data, filename))
        PendingImport.objects.filter(uploaded_at__lt=timezone.now() - PENDING_LIFETIME).delete()
        if not result.ok:
            return self.render(request, form=ImportUploadForm(), result=result, filename=filename, status=400)
        pending = PendingImport.objects.create(user=request.user, filename=filename, content=data)
        return self.render(
            request,
            form=None,
            result=result,
            filename=filename,
            pending=pending,
            changes=result.changes[:PREVIEW_ROWS],
            more_changes=max(0, len(result.changes) - PREVIEW_ROWS),
        )

    def finish(self, request, action):
        try:
            pending_id = int(request.POST.get("pending", ""))
        except ValueError:
            pending_id = None
        pending = PendingImport.objects.filter(pk=pending_id, user=request.user).first() if pending_id else None
        if pending is None:
            messages.error(request, _("This import is no longer waiting for confirmation. Upload the file again."))
            return redirect("monitor_import:index")
        if action == "cancel":
            pending.delete()
            messages.info(request, _("The import was cancelled; nothing was saved."))
            return redirect("monitor_import:index")
        data, filename = bytes(pending.content), pending.filename
        result, record = importing.import_file(data, filename, user=request.user)
        if not result.ok:
            # The data changed since the preview (e.g. an indicator was removed): show the new errors.
            pending.delete()
            return self.render(request, form=ImportUploadForm(), result=result, filename=filename, status=400)
        pending.delete()
        messages.success(
            request,
            _("Imported %(file)s: %(summary)s.") % {"file": filename, "summary": result.summary()},
        )
        return redirect("monitor_import:index")
