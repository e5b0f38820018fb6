"""JSON errors for the API: one shape everywhere, never HTML, never a stack trace."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class InvalidParameter(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameter"

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(detail=message)


def error_body(code: str, message: str, parameter: str | None = None) -> dict:
    body = {"error": {"code": code, "message": message}}
    if parameter:
        body["error"]["parameter"] = parameter
    return body


def exception_handler(exc, context):
    if isinstance(exc, InvalidParameter):
        return Response(error_body("invalid_parameter", str(exc.detail), exc.parameter), status=400)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    detail = getattr(exc, "detail", None)
    message = detail if isinstance(detail, str) else _("The request could not be processed.")
    if isinstance(exc, exceptions.NotFound):
        message = _("Not found.")
    if isinstance(exc, exceptions.Throttled):
        code = "throttled"
        message = _("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": exc.wait or 1}
        response["Cache-Control"] = "no-store"
    response.data = error_body(str(code), str(message))
    return response


def json_not_found(request, exception=None):
    return JsonResponse(error_body("not_found", _("Not found.")), status=404)


def json_server_error(request):
    return JsonResponse(error_body("server_error", _("Something went wrong on our side.")), status=500)
