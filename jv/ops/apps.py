from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "jv.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from django.core.signals import got_request_exception, request_finished

        from jv.ops import outage
        from jv.ops.logs import install_record_factory

        # Secrets (personal calendar keys, query strings) are removed from every log record.
        install_record_factory()

        # Database/Redis errors raised outside a view (session save, middleware) still become a
        # 503 maintenance answer instead of a 500: the handler marks the request, the
        # ServiceUnavailableMiddleware swaps the response.
        got_request_exception.connect(outage.mark_request, dispatch_uid="jv-ops-mark-unavailable")
        request_finished.connect(_forget_request_id, dispatch_uid="jv-ops-forget-request-id")


def _forget_request_id(**kwargs):
    from jv.ops.logs import REQUEST_ID

    REQUEST_ID.set(None)
